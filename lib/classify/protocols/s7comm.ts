/**
 * Siemens S7 over TPKT/COTP on TCP port 102 (either side). A packet of more than 17 bytes
 * with a valid TPKT header whose byte 7 (after TPKT and the 3-byte COTP DT) is 0x72 and
 * whose fourth-last byte is 0x72 too is S7CommPlus; 0x32 with a ROSCTR of 1-3 or 7 and a
 * zero reserved field is S7Comm. Other TPKT packets on port 102 (COTP connection set-up)
 * keep the dissector looking; anything else excludes. Follows nDPI's s7comm.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { PacketView, isTpkt } from './packet-view.js';

const S7COMM = protocolId('S7Comm');
const S7COMM_PLUS = protocolId('S7CommPlus');
const view = new PacketView();

/** S7COMM / S7COMM_PLUS id for a TPKT packet b[s..e), 0 when neither. */
export function s7Kind(b: Uint8Array, s: number, e: number): number {
  if (e - s <= 17) return 0;
  const m = b[s + 7];
  if (m === 0x72) return b[e - 4] === 0x72 ? S7COMM_PLUS : 0;
  if (m === 0x32 && (b[s + 8] <= 3 || b[s + 8] === 7) && b[s + 9] === 0 && b[s + 10] === 0) return S7COMM;
  return 0;
}

export const s7comm: Dissector = {
  name: 'S7Comm',
  transports: [6],
  ports: [102],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== 102 && inp.dport !== 102) return Verdict.No;
    const b = inp.data;
    const e = inp.off + inp.len;
    const p = view.start(inp);
    if (!isTpkt(b, p, e) || e - p <= 17) return Verdict.No;
    const id = s7Kind(b, p, e);
    if (id !== 0) {
      setProto(inp.flow, 0, id);
      return Verdict.Yes;
    }
    view.done(inp);
    return Verdict.More;
  },
};
