import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { startsWith } from '../bytes.js';
import { setProto } from './dissect-kit.js';

/**
 * Megaco / H.248 text encoding over UDP, following nDPI's megaco.c: a message header
 * "!/1 [" (compact) or "MEGACO/1 [" (the version, then the sender's address in brackets).
 * The first datagram decides.
 */
const MEGACO = protocolId('Megaco');

export const megaco: Dissector = {
  name: 'Megaco',
  transports: [17],
  ports: [2944],
  pre: { udp: { minLen: 5, bytes: [0x21, 0x4d] } }, // "!/1 [", "MEGACO/1 ["
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const e = o + inp.len;
    const hit = (inp.len > 4 && startsWith(b, o, e, '!/1 [')) || (inp.len > 9 && startsWith(b, o, e, 'MEGACO/1 ['));
    if (!hit) return Verdict.No;
    setProto(inp.flow, 0, MEGACO);
    return Verdict.Yes;
  },
};
