/**
 * The place of an event in the one-thread run of a `--jobs N` analysis, as a key of three
 * numbers compared in order (lib/parallel/run.ts merges flow ends and cache operations by it):
 * - at packet `seq` (numbered over the decoded IP packets, from 1): first the idle sweep the
 *   packet starts — [seq × 4 + SWEEP, idle list, the flow's Flow.lruSeq], the order in which
 *   FlowTracker.sweep ends flows —, then the packet itself — [seq × 4 + PACKET, 0, 0] —, then
 *   the memory budget's check after it — [seq × 4 + MEMCHECK, 0, 0];
 * - at the end of the input: [FINISH, the flow's Flow.firstSeq, 0] (FlowTracker.finish ends
 *   flows in id order, and ids are given in first-packet order).
 */
export type Key = [number, number, number];

export const SWEEP = 0;
export const PACKET = 1;
export const MEMCHECK = 2;
/** Beyond any packet's key. */
export const FINISH = 2 ** 52;

export const END: Key = [Infinity, 0, 0];

export function keyLess(a0: number, a1: number, a2: number, b: Key): boolean {
  return a0 < b[0] || (a0 === b[0] && (a1 < b[1] || (a1 === b[1] && a2 < b[2])));
}

export function minKey(a: Key, b: Key): Key {
  return keyLess(a[0], a[1], a[2], b) ? a : b;
}
