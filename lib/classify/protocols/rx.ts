/**
 * RX, the RPC transport of AFS (Andrew File System) over UDP, following nDPI's rx.c: each
 * datagram carries a 28-byte header (epoch, connection id, call and sequence numbers,
 * serial, type 1..13 but 12, flags from a fixed set, security index ≤ 3,
 * checksum, service id). The first datagram's epoch and connection id are remembered; a
 * valid datagram from the other side with the same pair confirms RX, a different pair
 * rules it out.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('RX');
const HEADER = 28;

/** Flag values nDPI accepts (empty, client-init 1/2, request-ack, last packet, more …). */
const FLAGS: ReadonlySet<number> = new Set([0, 1, 2, 3, 4, 5, 6, 9, 33, 34]);
/** PARAMS_4: the one type in 1..13 that nDPI's type switch rejects. */
const PARAMS_4 = 12;

/** Per flow: the first datagram's direction + 1 (0 = none yet), its epoch and connection id. */
const state = new FlowState<{ dir: number; epoch: number; conn: number }>(() => ({ dir: 0, epoch: 0, conn: 0 }));

/**
 * nDPI's type/flags check: every type 1..13 but PARAMS_4 ends up accepted (its switch
 * falls through from DATA to BUSY), as long as the flags are one of the known values.
 */
function typeFlagsOk(type: number, flags: number): boolean {
  return type >= 1 && type <= 13 && type !== PARAMS_4 && FLAGS.has(flags);
}

/** True when b[s..e) starts with an RX header nDPI would accept. */
export function rxHeader(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < HEADER) return false;
  if (!typeFlagsOk(b[s + 20], b[s + 21])) return false;
  return b[s + 23] <= 3;
}

export const rx: Dissector = {
  name: 'RX',
  transports: [17],
  pre: { udp: { minLen: HEADER, at: 23, bytes: [0, 1, 2, 3] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (!rxHeader(b, s, s + inp.len)) return Verdict.No;
    const st = state.get(inp.flow);
    const epoch = u32(b, s);
    const conn = u32(b, s + 4);
    if (st.dir !== 0 && st.dir !== inp.dir + 1) {
      if (st.epoch !== epoch || st.conn !== conn) return Verdict.No;
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    st.dir = inp.dir + 1;
    st.epoch = epoch;
    st.conn = conn;
    return Verdict.More;
  },
};
