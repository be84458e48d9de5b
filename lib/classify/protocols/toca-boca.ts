/**
 * Toca Boca (Toca Life World) over UDP, as nDPI's tocaboca.c: a datagram of 13 bytes or more
 * starting with eight 0x7D bytes; or a first datagram of 24 bytes or more starting
 * FF FF 00 01 with 02 FF 01 04 at offset 12; or one of 32 bytes or more with 00 01, 00 02 or
 * 00 03 at offset 2, 01 FF 00 00 or 01 00 00 00 at offset 12 and 00 00 00 14 at offset 16.
 * Decided on each datagram until one does not match.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('TocaBoca');

function match(b: Uint8Array, o: number, n: number, first: boolean): boolean {
  if (n >= 13 && u32(b, o) === 0x7d7d7d7d && u32(b, o + 4) === 0x7d7d7d7d) return true;
  if (first && n >= 24 && u32(b, o) === 0xffff0001 && u32(b, o + 12) === 0x02ff0104) return true;
  if (n < 32) return false;
  const kind = u16(b, o + 2);
  const w = u32(b, o + 12);
  return kind >= 1 && kind <= 3 && (w === 0x01ff0000 || w === 0x01000000) && u32(b, o + 16) === 0x14;
}

export const tocaBoca: Dissector = {
  name: 'TocaBoca',
  transports: [17],
  ports: [5055],
  pre: { udp: { minLen: 13, at: 2, bytes: [0x00, 0x7d] } }, // every shape has 0 or 0x7d at 2
  dissect(inp: DissectInput): Verdict {
    if (!match(inp.data, inp.off, inp.len, inp.packetIndex === 0)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
