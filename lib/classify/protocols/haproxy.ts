/**
 * HAProxy's PROXY protocol (version 1, text), following nDPI's haproxy.c: the first
 * segment starts with "PROXY TCP", its header line ends with CRLF, and the proxied
 * connection's first bytes follow in the same segment.
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
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (!startsWith(b, s, e, 'PROXY TCP')) return Verdict.No;
    const eol = indexOfCrlf(b, s, e);
    if (eol < 0 || eol + 2 >= e) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
