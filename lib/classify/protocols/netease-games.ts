/**
 * NetEase Games (Lost Light, Badlanders, Naraka: Bladepoint) over UDP, as nDPI's
 * netease_games.c: a 12-byte client datagram 01 ?? D0 01 (little-endian 0x1D0 at offset 2)
 * with 00 01 01 01 at offset 8; or a datagram of 30 bytes or more starting B3 AF 8D E8; or
 * one longer than 30 bytes starting 07 08 08 0C. Decided on the first datagram.
 */
import { u16le, u32, u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('NetEaseGames');

export const neteaseGames: Dissector = {
  name: 'NetEaseGames',
  transports: [17],
  pre: { udp: { minLen: 12, bytes: [0x01, 0xb3, 0x07] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    const hit =
      (n === 12 && inp.dir === 0 && b[o] === 0x01 && u16le(b, o + 2) === 0x1d0 && u32le(b, o + 8) === 0x01010100) ||
      (n >= 30 && u32(b, o) === 0xb3af8de8) ||
      (n > 30 && u32le(b, o) === 0x0c080807);
    if (!hit) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
