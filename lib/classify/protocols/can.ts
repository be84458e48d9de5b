/**
 * Controller Area Network frames carried over IP (TCP or UDP): the payload opens with the
 * 8-byte signature "ISO11898", then a version byte and a frame count. Decided on the first
 * payload; anything else excludes. Follows nDPI's can.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('Controller_Area_Network');

export const can: Dissector = {
  name: 'Controller_Area_Network',
  transports: [6, 17],
  pre: { tcp: { minLen: 10, bytes: [0x49] }, udp: { minLen: 10, bytes: [0x49] } }, // "ISO11898"
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (e - s < 10 || b[s] !== 0x49 || !startsWith(b, s, e, 'ISO11898')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    if (b[s + 8] !== 1) setOther(inp.flow, 'can.bad_version', b[s + 8]);
    return Verdict.Yes;
  },
};
