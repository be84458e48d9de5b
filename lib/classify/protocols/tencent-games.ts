/**
 * Tencent Games (PUBG Mobile, Honor of Kings …) over TCP, as nDPI's tencent_games.c: the
 * first payload packet is longer than 50 bytes and starts 33 66 00 0B 00 0B; or starts
 * 43 66 AA 00 with 10 E6 86 01 at offset 12; or starts AA 00 00 00 with 10 E6 86 01 at
 * offset 10; or starts 00 00, a 16-bit length equal to the rest of the packet, then 78 01;
 * or starts 42 15 F7 87 with 00 00 at offset 6.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('TencentGames');

function match(b: Uint8Array, o: number, n: number): boolean {
  if (n <= 50) return false;
  const head = u32(b, o);
  return (
    (head === 0x3366000b && u16(b, o + 4) === 0x000b) ||
    (head === 0x4366aa00 && u32(b, o + 12) === 0x10e68601) ||
    (head === 0xaa000000 && u32(b, o + 10) === 0x10e68601) ||
    (u16(b, o) === 0 && u16(b, o + 2) === ((n - 4) & 0xffff) && u16(b, o + 4) === 0x7801) ||
    (head === 0x4215f787 && u16(b, o + 6) === 0)
  );
}

export const tencentGames: Dissector = {
  name: 'TencentGames',
  transports: [6],
  pre: { tcp: { minLen: 51, bytes: [0x33, 0x43, 0xaa, 0x00, 0x42] } },
  dissect(inp: DissectInput): Verdict {
    // nDPI rules the flow out on the first payload packet that does not match
    if (inp.packetIndex !== 0 || !match(inp.data, inp.off, inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
