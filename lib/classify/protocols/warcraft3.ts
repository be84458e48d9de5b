/**
 * Warcraft III (Battle.net classic framing) over TCP or UDP, as nDPI's warcraft3.c, packet
 * by packet: messages start F7 (or FF) with a little-endian 16-bit length at offset 2; a
 * packet whose chained F7 messages add up exactly to its length is a candidate, and the
 * flow is Warcraft3 when that holds past its second payload packet. A lone 0x01 first
 * packet (the protocol selector) is let through; anything else rules it out.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Warcraft3');
const cursor = new SegmentCursor();

/** True when the F7 messages of b[s..s+n) chain up to exactly n bytes. */
function chained(b: Uint8Array, s: number, n: number): boolean {
  let l = b[s + 2] | (b[s + 3] << 8);
  while (l <= n - 4) {
    if (b[s + l] !== 0xf7) break;
    const step = b[s + l + 2] | (b[s + l + 3] << 8);
    if (step <= 2 || step > 1500) break;
    l += step;
  }
  return l === n;
}

export const warcraft3: Dissector = {
  name: 'Warcraft3',
  transports: [6, 17],
  // the packet's first byte: 0x01 (a lone first byte), 0xf7 or 0xff (TCP: the first segment only)
  pre: { tcp: { firstLook: true, bytes: [0x01, 0xf7, 0xff] }, udp: { bytes: [0x01, 0xf7, 0xff] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    const count = inp.packetIndex + 1;
    if (count === 1 && n === 1 && b[s] === 0x01) {
      cursor.record(inp);
      return Verdict.More;
    }
    if (n >= 4 && (b[s] === 0xf7 || b[s] === 0xff) && chained(b, s, n)) {
      if (count > 2) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
      cursor.record(inp);
      return Verdict.More;
    }
    return Verdict.No;
  },
};
