/**
 * World of Kung Fu over TCP, as nDPI's world_of_kung_fu.c: a 16-byte packet
 * 0C 00 00 00 D2 00 0C 00, 0x16 at offset 9, zeros at offsets 10-11 and 14-15. Decided on
 * the first payload packet.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('WorldOfKungFu');

export const worldOfKungFu: Dissector = {
  name: 'WorldOfKungFu',
  transports: [6],
  pre: { tcp: { minLen: 16, bytes: [0x0c] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    if (inp.packetIndex !== 0 || inp.len !== 16) return Verdict.No;
    if (u32(b, o) !== 0x0c000000 || u32(b, o + 4) !== 0xd2000c00 || b[o + 9] !== 0x16 || u16(b, o + 10) !== 0 || u16(b, o + 14) !== 0)
      return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
