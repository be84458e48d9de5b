/**
 * Apache Cassandra, following nDPI's cassandra.c, per TCP segment:
 * - internode messaging: a 19-byte segment starting with the magic 0xCA552DFA;
 * - CQL native protocol: a client STARTUP message, recognised by the string "CQL_VERSION"
 *   20 bytes before the end of a segment longer than 60 bytes.
 * A segment shorter than 9 bytes, the flow's 8th segment, or a third segment in one
 * direction without a match rules Cassandra out (nDPI's version-byte test never excludes,
 * so there is none here either).
 */
import { startsWith, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Cassandra');
const INTERNODE_MAGIC = 0xca552dfa;
const cursor = new SegmentCursor();
/** Payload segments seen per direction. */
const counts = new FlowState<number[]>(() => [0, 0]);

/** 1 Cassandra, 0 not decided by this segment. */
export function cassandraSegment(b: Uint8Array, s: number, n: number): number {
  if (n === 19 && u32(b, s) === INTERNODE_MAGIC) return 1;
  if (n > 60 && startsWith(b, s + n - 20, s + n, 'CQL_VERSION')) return 1;
  return 0;
}

export const cassandra: Dissector = {
  name: 'Cassandra',
  transports: [6],
  ports: [9042, 7000],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    if (n === 19 && u32(b, s) === INTERNODE_MAGIC) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    const prev = counts.peek(inp.flow);
    const inDir = (prev === undefined ? 0 : prev[inp.dir]) + 1;
    if (n < 9 || inp.packetIndex + 1 >= 8 || inDir > 2) return Verdict.No;
    if (cassandraSegment(b, s, n) === 0) {
      counts.get(inp.flow)[inp.dir] = inDir;
      return cursor.more(inp);
    }
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
