/**
 * DNP3 over TCP: a link-layer frame of at least 10 bytes opening with the start bytes
 * 0x05 0x64. Decided on the first payload. Follows nDPI's dnp3.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('DNP3');

export const dnp3: Dissector = {
  name: 'DNP3',
  transports: [6],
  ports: [20000],
  pre: { tcp: { minLen: 10, bytes: [0x05] } }, // 0x0564
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.len < 10 || b[s] !== 0x05 || b[s + 1] !== 0x64) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
