/**
 * Raft (the C implementation's wire format, as in canonical/raft), following nDPI's
 * raft.c, per TCP segment: a 16-byte header of two little-endian 64-bit words — message
 * type 1..6 (append entries, its result, request vote, its result, install snapshot,
 * timeout now) and the message length. A length equal to the rest of the segment decides
 * at once; otherwise a valid type on the flow's third segment does. Another type rules
 * Raft out.
 */
import { u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Raft');
const HEADER = 16;
const cursor = new SegmentCursor();

/** 1 Raft, 0 a valid header whose length does not match, -1 not Raft. */
export function raftHeader(b: Uint8Array, s: number, n: number): number {
  if (n < HEADER) return -1;
  const type = u32le(b, s);
  if (u32le(b, s + 4) !== 0 || type < 1 || type > 6) return -1;
  return u32le(b, s + 12) === 0 && u32le(b, s + 8) === n - HEADER ? 1 : 0;
}

export const raft: Dissector = {
  name: 'Raft',
  transports: [6],
  pre: { tcp: { firstLook: true, minLen: HEADER, bytes: [1, 2, 3, 4, 5, 6] } }, // a message type (little-endian) first
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    const r = raftHeader(inp.data, s, inp.off + inp.len - s);
    if (r < 0) return Verdict.No;
    if (r === 0 && inp.packetIndex + 1 < 3) return cursor.more(inp);
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
