import type { DissectInput } from '../dissector.js';
import { FlowState } from './dissect-kit.js';

/**
 * Helpers shared by the messaging / media dissectors.
 *
 * nDPI's dissectors look at one packet's payload at a time; flowcheck hands TCP dissectors
 * the direction's reassembled stream (growing). `packetStart` gives the start of the bytes
 * the current packet added. One cursor per flow serves all the dissectors that use it: it
 * moves once per packet (keyed by inp.packetIndex), and each of them calls it on every
 * packet it looks at until it answers No, so the cursor is current whenever it is read.
 */

interface Cursor {
  /** Packet the cursor was last moved for (-1: none yet). */
  idx: number;
  /** That packet's start, relative to its direction's stream. */
  start: number;
  /** Per direction, the stream length after the last packet seen. */
  end: [number, number];
}
const cursors = new FlowState<Cursor>(() => ({ idx: -1, start: 0, end: [0, 0] }));

/** Start (index into inp.data) of the bytes this packet added. UDP: inp.off. */
export function packetStart(inp: DissectInput): number {
  if (inp.transport !== 6) return inp.off;
  const c = cursors.get(inp.flow);
  if (c.idx !== inp.packetIndex) {
    const d = inp.dir;
    c.start = c.end[d] <= inp.len ? c.end[d] : 0;
    c.end[d] = inp.len;
    c.idx = inp.packetIndex;
  }
  return inp.off + c.start;
}

/** True when the ASCII text s occurs in b[from..end). */
export function hasAscii(b: Uint8Array, from: number, end: number, s: string): boolean {
  const n = s.length;
  const c0 = s.charCodeAt(0);
  outer: for (let i = from; i + n <= end; i++) {
    if (b[i] !== c0) continue;
    for (let j = 1; j < n; j++) if (b[i + j] !== s.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}
