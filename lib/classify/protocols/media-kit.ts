import type { DissectInput } from '../dissector.js';
import { segment } from './dissect-kit.js';

/**
 * Helpers shared by the messaging / media dissectors.
 *
 * nDPI's dissectors look at one packet's payload at a time; flowcheck hands TCP dissectors
 * the direction's reassembled stream (growing). `packetStart` gives the start of the bytes
 * the current packet added (the classifier's DissectInput.seg).
 */

/** Start (index into inp.data) of the bytes this packet added. UDP: inp.off. */
export function packetStart(inp: DissectInput): number {
  return segment(inp);
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
