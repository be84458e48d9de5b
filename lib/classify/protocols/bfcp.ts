import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32 } from '../bytes.js';
import { FlowState, setProto } from './dissect-kit.js';
import { packetStart } from './media-kit.js';

/**
 * BFCP, the Binary Floor Control Protocol (RFC 8855), over TCP or UDP, following nDPI's
 * bfcp.c: a 12+-byte common header with version 1 and the reserved bit clear, a primitive
 * 1–17, and the same 32-bit conference id in two packets of the flow. A weak shape: kept in
 * the heuristic block.
 */
const BFCP = protocolId('BFCP');

interface BfcpState {
  stage: number;
  conference: number;
}
const states = new FlowState<BfcpState>(() => ({ stage: 0, conference: 0 }));

/** First bytes of version 1 with the reserved bit clear. */
const VERSION_1 = Array.from({ length: 32 }, (_, k) => 0x20 | k).filter((b) => (b & 0x08) === 0);

export const bfcp: Dissector = {
  name: 'BFCP',
  transports: [6, 17],
  // the packet's version 1, reserved bit clear (TCP: the first segment only)
  pre: { tcp: { firstLook: true, minLen: 12, bytes: VERSION_1 }, udp: { minLen: 12, bytes: VERSION_1 } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = packetStart(inp);
    // no state until a packet has the shape
    const st = states.peek(inp.flow);
    const e = inp.off + inp.len;
    if (e - s < 12 || b[s] >> 5 !== 1 || (b[s] & 0x08) !== 0 || b[s + 1] < 1 || b[s + 1] > 17) return Verdict.No;
    const conf = u32(b, s + 4);
    const cur = st ?? states.get(inp.flow);
    if (cur.stage === 0) {
      cur.stage = 1;
      cur.conference = conf;
      return Verdict.More;
    }
    if (cur.conference !== conf) return Verdict.No;
    setProto(inp.flow, 0, BFCP);
    return Verdict.Yes;
  },
};
