import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { packetStart } from './media-kit.js';

/**
 * RTMP's handshake over TCP, following nDPI's rtmp.c: only on flows whose TCP handshake
 * was seen; one side sends C0+C1 (0x03 then 1536 bytes: 1537 in all, possibly over
 * several packets), and the other side's first packet starts with 0x03 (S0).
 */
const RTMP = protocolId('RTMP');
const C0C1 = 1537;

interface RtmpState {
  /** 0: nothing yet; else 1 + the direction that sent C0. */
  stage: number;
  sent: number;
}
const states = new FlowState<RtmpState>(() => ({ stage: 0, sent: 0 }));

export const rtmp: Dissector = {
  name: 'RTMP',
  transports: [6],
  ports: [1935],
  pre: { tcp: { firstLook: true, bytes: [0x03] } }, // C0: version 3
  dissect(inp: DissectInput): Verdict {
    if (!inp.flow.handshakeDone) return Verdict.No;
    const b = inp.data;
    const st = states.get(inp.flow);
    const s = packetStart(inp);
    const n = inp.off + inp.len - s;
    if (st.stage === 0) {
      if (b[s] !== 0x03) return Verdict.No;
      st.stage = inp.dir + 1;
      st.sent = n;
      return Verdict.More;
    }
    if (st.stage - inp.dir === 1) {
      st.sent += n;
      if (st.sent <= C0C1) return Verdict.More;
    }
    if (b[s] === 0x03 && st.sent === C0C1) {
      setProto(inp.flow, 0, RTMP);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
