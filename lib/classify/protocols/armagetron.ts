/**
 * Armagetron Advanced over UDP, as nDPI's armagetron.c, on datagrams over 10 bytes: a login
 * request (00 0B 00 00, a 16-bit word count with count*2+8 = length, 00 08 at offset 6,
 * two trailing zero bytes); a 16-byte sync message (00 1C, non-zero id, count 4,
 * 00 00 05 00 00 01 00 00, trailing zeros); or a net_sync combination over 50 bytes
 * (00 18, non-zero id, a repeated field and an embedded length pointing at 00 01 00 00 or
 * 00 00 00 01). Decided on the first datagram.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Armagetron');

function match(b: Uint8Array, o: number, n: number): boolean {
  if (n <= 10) return false;
  const tail0 = u16(b, o + n - 2) === 0;
  if (u32(b, o) === 0x000b0000) {
    // login request
    const words = u16(b, o + 4);
    return words !== 0 && words * 2 + 8 === n && u16(b, o + 6) === 0x0008 && tail0;
  }
  const kind = u16(b, o);
  if (n === 16 && kind === 0x001c && u16(b, o + 2) !== 0) {
    // sync message
    return u16(b, o + 4) === 4 && u32(b, o + 6) === 0x00000500 && u32(b, o + 10) === 0x00010000 && tail0;
  }
  if (n > 50 && kind === 0x0018 && u16(b, o + 2) !== 0) {
    // net_sync combination
    const words = u16(b, o + 4);
    if (words === 0 || words * 2 + 8 > n) return false;
    if (u16(b, o + 8) !== u16(b, o + 12)) return false;
    const at = 16 + u16(b, o + 14);
    if (at + 4 >= n) return false;
    const w = u32(b, o + at);
    return (w === 0x00010000 || w === 0x00000001) && tail0;
  }
  return false;
}

export const armagetron: Dissector = {
  name: 'Armagetron',
  transports: [17],
  pre: { udp: { minLen: 11, at: 1, bytes: [0x0b, 0x1c, 0x18] } }, // login, sync, net_sync
  dissect(inp: DissectInput): Verdict {
    if (!match(inp.data, inp.off, inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
