import type { DissectInput } from '../dissector.js';

/**
 * Helpers shared by the messaging / media dissectors.
 *
 * nDPI's dissectors look at one packet's payload at a time; flowcheck hands TCP dissectors
 * the direction's reassembled stream (growing). A dissector that mirrors a per-packet test
 * keeps, in its own flow state, how much of each direction it had seen (`seen`), and asks
 * `packetStart` for the start of the bytes this packet added.
 */

/** Start (index into inp.data) of the bytes this packet added; updates `seen`. UDP: inp.off. */
export function packetStart(seen: [number, number], inp: DissectInput): number {
  if (inp.transport !== 6) return inp.off;
  const d = inp.dir;
  const prev = seen[d] <= inp.len ? seen[d] : 0;
  seen[d] = inp.len;
  return inp.off + prev;
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
