/**
 * The HAProxy PROXY protocol, after nDPI's haproxy.c and the protocol's specification
 * (haproxy.org/download/2.9/doc/proxy-protocol.txt), on the connection's first payload packet:
 * - version 1 (text): starts with "PROXY TCP" (TCP4/TCP6 header line), holds the line's CRLF
 *   and carries more bytes after it (the proxied stream);
 * - version 2 (binary): the 12-byte signature "\r\n\r\n\0\r\nQUIT\n" followed by a byte
 *   whose high nibble is the version, 2 (nDPI's haproxyv2.pcapng).
 * Anything else excludes it.
 */
import { indexOfCrlf, startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HAProxy');
const V2_SIGNATURE = '\r\n\r\n\0\r\nQUIT\n';

export const haproxy: Dissector = {
  name: 'HAProxy',
  transports: [6],
  pre: { tcp: { minLen: 9, bytes: [0x0d, 0x50] } }, // the v2 signature, "PROXY TCP"
  dissect(inp: DissectInput): Verdict {
    const { data, off, len } = inp;
    const end = off + len;
    if (inp.packetIndex > 0) return Verdict.No;
    if (len >= 16 && startsWith(data, off, end, V2_SIGNATURE) && data[off + 12] >> 4 === 2) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    if (!startsWith(data, off, end, 'PROXY TCP')) return Verdict.No;
    const crlf = indexOfCrlf(data, off, end);
    if (crlf < 0 || crlf + 2 >= end) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
