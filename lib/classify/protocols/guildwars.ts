/**
 * Guild Wars over TCP, as nDPI's guildwars.c, on the first payload packet: a 64-byte
 * ?? 05 0C … "@2&P" (at offset 50) packet, a 16-byte ?? 04 0C ?? A6 72 with 0x01 at
 * offset 8 and 0x04 at offset 12, or a 21-byte 01 00 … F1 00 10 00 (offset 5) 01 packet.
 * Anything else rules it out.
 */
import { startsWith, u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Guildwars');

function match(b: Uint8Array, o: number, n: number): boolean {
  switch (n) {
    case 64:
      return u16(b, o + 1) === 0x050c && startsWith(b, o + 50, o + n, '@2&P');
    case 16:
      return u16(b, o + 1) === 0x040c && u16(b, o + 4) === 0xa672 && b[o + 8] === 0x01 && b[o + 12] === 0x04;
    case 21:
      return u16(b, o) === 0x0100 && u32(b, o + 5) === 0xf1001000 && b[o + 9] === 0x01;
    default:
      return false;
  }
}

export const guildwars: Dissector = {
  name: 'Guildwars',
  transports: [6],
  pre: { tcp: { minLen: 16, at: 1, bytes: [0x05, 0x04, 0x00] } }, // the 64-, 16- and 21-byte shapes
  dissect(inp: DissectInput): Verdict {
    if (inp.packetIndex !== 0 || !match(inp.data, inp.off, inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
