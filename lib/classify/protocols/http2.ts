/**
 * HTTP/2 in clear text with prior knowledge (RFC 9113 §3.4), after nDPI's http2.c: the
 * first payload packet starts with the client connection preface
 * "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n". Anything else excludes it.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HTTP2');
const PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

export const http2: Dissector = {
  name: 'HTTP2',
  transports: [6],
  pre: { tcp: { minLen: PREFACE.length, bytes: [0x50] } }, // the connection preface
  dissect(inp: DissectInput): Verdict {
    const { data, off, len } = inp;
    if (inp.packetIndex > 0 || len < PREFACE.length || !startsWith(data, off, off + len, PREFACE)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
