/**
 * Riot Games titles over UDP, as nDPI's riotgames.c: a datagram longer than 8 bytes that
 * ends with AA AA AA AA BB BB BB BB, or one of exactly 53 bytes ending with
 * 3C B1 1F 2D EA 23 46 0C. Any other first datagram rules it out.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('RiotGames');

export const riotgames: Dissector = {
  name: 'RiotGames',
  transports: [17],
  pre: { udp: { minLen: 9 } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const n = inp.len;
    if (n <= 8) return Verdict.No;
    const end = inp.off + n;
    const hit =
      (u32(b, end - 8) === 0xaaaaaaaa && u32(b, end - 4) === 0xbbbbbbbb) ||
      (n === 53 && u32(b, end - 4) === 0xea23460c && u32(b, end - 8) === 0x3cb11f2d);
    if (!hit) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
