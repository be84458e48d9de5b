/**
 * The HAProxy PROXY protocol, text version (v1), after nDPI's haproxy.c: the connection's
 * first payload packet starts with "PROXY TCP" (TCP4/TCP6 header line), holds the line's
 * CRLF and carries more bytes after it (the proxied stream). Anything else excludes it.
 */
import { indexOfCrlf, startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HAProxy');

export const haproxy: Dissector = {
  name: 'HAProxy',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const { data, off, len } = inp;
    const end = off + len;
    if (inp.packetIndex > 0 || !startsWith(data, off, end, 'PROXY TCP')) return Verdict.No;
    const crlf = indexOfCrlf(data, off, end);
    if (crlf < 0 || crlf + 2 >= end) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
