/**
 * TeamViewer, following nDPI's teamviewer.c: datagrams (more than 13 bytes) whose byte 0
 * is 0 and bytes 11-12 are 0x17 0x24, or TCP segments (more than 2 bytes) starting with
 * 0x17 0x24 — and, once one was seen, TCP segments starting with 0x11 0x30. Four such
 * payloads decide, or one on port 5938 (for the 0x17 0x24 form). Anything else rules
 * TeamViewer out.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('TeamViewer');
const PORT = 5938;
const cursor = new SegmentCursor();
const stage = new FlowState<{ v: number }>(() => ({ v: 0 }));

export const teamviewer: Dissector = {
  name: 'TeamViewer',
  transports: [6, 17],
  ports: [PORT],
  // TCP: a flow opens with 0x17 0x24; UDP: 0x17 0x24 at 11
  pre: { tcp: { firstLook: true, minLen: 3, bytes: [0x17] }, udp: { minLen: 14, at: 11, bytes: [0x17] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    const onPort = inp.sport === PORT || inp.dport === PORT;
    const flow = inp.flow;
    if (inp.transport === 17) {
      if (n > 13 && b[s] === 0 && b[s + 11] === 0x17 && b[s + 12] === 0x24) {
        const st = stage.get(flow);
        st.v++;
        if (st.v === 4 || onPort) {
          setProto(flow, 0, ID);
          return Verdict.Yes;
        }
        return cursor.more(inp);
      }
      return Verdict.No;
    }
    if (n <= 2) return Verdict.No;
    if (b[s] === 0x17 && b[s + 1] === 0x24) {
      const st = stage.get(flow);
      st.v++;
      if (st.v === 4 || onPort) {
        setProto(flow, 0, ID);
        return Verdict.Yes;
      }
      return cursor.more(inp);
    }
    const st = stage.peek(flow);
    if (st !== undefined && st.v > 0) {
      if (b[s] === 0x11 && b[s + 1] === 0x30) {
        st.v++;
        if (st.v === 4) {
          setProto(flow, 0, ID);
          return Verdict.Yes;
        }
      }
      return cursor.more(inp);
    }
    return Verdict.No;
  },
};
