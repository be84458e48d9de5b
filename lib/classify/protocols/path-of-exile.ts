/**
 * Path of Exile over TCP, as nDPI's path_of_exile.c: the first payload packet (the login,
 * carrying the character name) is 26..49 bytes, 00 03 00 at offset 0, 00 02 00 at offset 6,
 * and ends with 00 00 00 00 40 00 00 01. Anything else rules it out.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('PathofExile');

export const pathOfExile: Dissector = {
  name: 'PathofExile',
  transports: [6],
  pre: { tcp: { minLen: 26, at: 1, bytes: [0x03] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (inp.packetIndex !== 0 || n <= 25 || n >= 50 || b[o] !== 0 || b[o + 6] !== 0) return Verdict.No;
    if (u16(b, o + 1) !== 0x0300 || u16(b, o + 7) !== 0x0200 || u32(b, o + n - 8) !== 0 || u32(b, o + n - 4) !== 0x40000001)
      return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
