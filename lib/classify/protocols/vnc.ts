/**
 * VNC / RFB (RFC 6143), following nDPI's vnc.c: both sides open with the 12-byte
 * ProtocolVersion banner "RFB xxx.yyy\n" (three digits each); a banner from one side then
 * one from the other decides. Any other segment rules VNC out.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('VNC');
const cursor = new SegmentCursor();
/** 1 + direction of the first banner. */
const stage = new FlowState<{ v: number }>(() => ({ v: 0 }));

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True when b[s..s+n) is exactly an RFB version banner. */
export function rfbBanner(b: Uint8Array, s: number, n: number): boolean {
  if (n !== 12) return false;
  if (b[s] !== 0x52 || b[s + 1] !== 0x46 || b[s + 2] !== 0x42 || b[s + 3] !== 0x20) return false;
  if (b[s + 7] !== 0x2e || b[s + 11] !== 0x0a) return false;
  return isDigit(b[s + 4]) && isDigit(b[s + 5]) && isDigit(b[s + 6]) && isDigit(b[s + 8]) && isDigit(b[s + 9]) && isDigit(b[s + 10]);
}

export const vnc: Dissector = {
  name: 'VNC',
  transports: [6],
  ports: [5900],
  pre: { tcp: { firstLook: true, minLen: 12, bytes: [0x52] } }, // a flow opens with a 12-byte "RFB " banner
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    if (!rfbBanner(inp.data, s, inp.off + inp.len - s)) return Verdict.No;
    const st = stage.get(inp.flow);
    if (st.v === 0) {
      st.v = 1 + inp.dir;
      return cursor.more(inp);
    }
    if (st.v === 2 - inp.dir) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
