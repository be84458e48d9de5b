/**
 * UltraSurf, following nDPI's src/lib/protocols/ultrasurf.c: the first TCP payload packet
 * starts with the eight bytes CC 1C 30 41 5B A4 38 66. nDPI looks at that one packet only.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('UltraSurf');

export const ultrasurf: Dissector = {
  name: 'UltraSurf',
  transports: [6],
  pre: { tcp: { minLen: 8, bytes: [0xcc] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.packetIndex === 0 && inp.len >= 8 && u32(b, s) === 0xcc1c3041 && u32(b, s + 4) === 0x5ba43866) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
