/**
 * AFP (Apple Filing Protocol) over DSI, following nDPI's afp.c: a segment of 16..128
 * bytes that starts with a DSI header — flags 0 (request) or 1 (reply), command 1..8,
 * reserved 0, and a data length that fits in the segment. Longer segments (bulk data) are
 * skipped, until the 5th; anything else rules AFP out.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('AFP');
const HEADER = 16;
const cursor = new SegmentCursor();

/** True when b[s..s+n) starts with a DSI header as nDPI checks it. */
export function dsiHeader(b: Uint8Array, s: number, n: number): boolean {
  if (n < HEADER) return false;
  return b[s] <= 1 && b[s + 1] >= 1 && b[s + 1] <= 8 && u32(b, s + 12) === 0 && n >= HEADER + u32(b, s + 8);
}

export const afp: Dissector = {
  name: 'AFP',
  transports: [6],
  ports: [548],
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    if (n >= HEADER && n > 128) return inp.packetIndex + 1 > 5 ? Verdict.No : cursor.more(inp);
    if (!dsiHeader(inp.data, s, n)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
