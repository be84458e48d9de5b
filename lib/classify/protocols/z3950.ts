/**
 * Z39.50 (library catalogue search, ASN.1 BER over TCP), following nDPI's z3950.c: among
 * the flow's first 8 segments, each one looked at must start with a PDU tag (low 5 bits
 * 20..36 or 43..48) followed by at least 6 well-formed tag/length elements of the known
 * tag ranges (a multi-byte tag ends the walk early, counted as valid); a malformed segment
 * rules Z39.50 out. The fourth such segment decides, provided both directions have sent
 * payload by then (else it is not Z39.50).
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Z3950');
const MIN_SEQUENCES = 6;
const cursor = new SegmentCursor();
/** stage: segments that passed; dirs: bit per direction that sent payload. */
const state = new FlowState<{ stage: number; dirs: number }>(() => ({ stage: 0, dirs: 0 }));

function knownTag(t: number): boolean {
  return t <= 51 || (t >= 100 && t <= 105) || (t >= 110 && t <= 112) || (t >= 120 && t <= 121) || (t >= 201 && t <= 221);
}

/** Elements parsed in the segment b[s..s+n) (capped at max), or -1 when malformed. */
export function z3950Sequences(b: Uint8Array, s: number, n: number, max: number): number {
  if (n < 2) return -1;
  const pdu = b[s] & 0x1f;
  if ((pdu < 20 || pdu > 36) && (pdu < 43 || pdu > 48)) return -1;
  let off = 2;
  let count = 0;
  while (count++ < max) {
    if (off + 2 >= n) return -1;
    const tag = b[s + off] & 0x1f;
    if (tag === 0x1f) return count;
    if (!knownTag(tag)) return -1;
    const len = b[s + off + 1];
    if (len >= n - off + 1) return -1;
    off += len + 2;
    if (off === n) return count;
  }
  return count - 1;
}

export const z3950: Dissector = {
  name: 'Z3950',
  transports: [6],
  ports: [210],
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    const counter = inp.packetIndex + 1;
    if (counter > 8) return Verdict.No;
    if (n < 6) return Verdict.No;
    const r = z3950Sequences(inp.data, s, n, MIN_SEQUENCES);
    if (r < 0) return Verdict.No;
    const st = state.get(inp.flow);
    st.dirs |= 1 << inp.dir; // every segment nDPI looked at counts for its direction
    if (r < MIN_SEQUENCES) return cursor.more(inp);
    if (st.stage < 3) {
      st.stage++;
      return cursor.more(inp);
    }
    if (st.dirs !== 3) return Verdict.No; // unidirectional
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
