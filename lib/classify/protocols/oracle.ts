/**
 * Oracle TNS (Transparent Network Substrate), following nDPI's oracle.c, per segment:
 * - on port 1521: 07 FF 00 at the start, or a segment of at least 232 bytes starting
 *   00|01, nonzero, 00 00 (a TNS packet header with a large length);
 * - anywhere: a 213-byte segment starting 00 D5 00 00 (a connect packet of that size).
 * Other segments keep the search going (nDPI never rules Oracle out on TCP).
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Oracle');
const PORT = 1521;
const cursor = new SegmentCursor();

/** True when the segment b[s..s+n) is one nDPI takes for Oracle. */
export function oracleSegment(b: Uint8Array, s: number, n: number, onPort: boolean): boolean {
  if (n < 4) return false;
  if (onPort) {
    if (b[s] === 0x07 && b[s + 1] === 0xff && b[s + 2] === 0x00) return true;
    if (n >= 232 && (b[s] === 0 || b[s] === 1) && b[s + 1] !== 0 && b[s + 2] === 0 && b[s + 3] === 0) return true;
  }
  return n === 213 && b[s] === 0 && b[s + 1] === 0xd5 && b[s + 2] === 0 && b[s + 3] === 0;
}

export const oracle: Dissector = {
  name: 'Oracle',
  transports: [6],
  ports: [PORT],
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    const onPort = inp.sport === PORT || inp.dport === PORT;
    if (!oracleSegment(inp.data, s, inp.off + inp.len - s, onPort)) return cursor.more(inp);
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
