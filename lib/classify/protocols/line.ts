import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32 } from '../bytes.js';
import { FlowState, setProto } from './dissect-kit.js';
import { rtpKind } from './rtp.js';

/**
 * LINE's voice/video calls over UDP (LineCall), following nDPI's line.c:
 * - on IPv4 flows whose address nDPI's lists give to LINE (flow.ipProto), the call
 *   packets LINE's clients send: 110 bytes B6 18 00 6A; 738+ bytes DA/DB …, 06 02 at
 *   offset 4; 150+ bytes D8/D9 with a second byte 9x/Dx/Ex and 06 02 at offset 4;
 *   46 bytes B6 13 00 06; 8 bytes B6 07 00 04; 16 bytes B6 09 00 0C; D0 B3/B4/DA/DB;
 * - anywhere: the packets before the RTP stream carry a counter in byte 3; four packets
 *   per direction whose counters follow each other (from different bases in the two
 *   directions) make LineCall. RTP/RTCP packets in between are skipped during the first
 *   ten packets.
 * `lineCounting` tells the RTP dissector to leave such a flow to this one (as nDPI's rtp.c).
 */
const LINE = protocolId('Line');
const LINE_CALL = protocolId('LineCall');
const NO_RTP = 0;

interface LineState {
  pkts: [number, number];
  base: [number, number];
}
const states = new FlowState<LineState>(() => ({ pkts: [0, 0], base: [0, 0] }));

function callShape(b: Uint8Array, o: number, n: number): boolean {
  const b0 = b[o];
  if (n === 110 && b0 === 0xb6 && b[o + 1] === 0x18 && b[o + 2] === 0x00 && b[o + 3] === 0x6a) return true;
  if (n >= 738 && (b0 === 0xda || b0 === 0xdb) && b[o + 4] === 0x06 && b[o + 5] === 0x02) return true;
  if (n >= 150 && (b0 === 0xd9 || b0 === 0xd8)) {
    const hi = b[o + 1] & 0xf0;
    if ((hi === 0x90 || hi === 0xd0 || hi === 0xe0) && b[o + 4] === 0x06 && b[o + 5] === 0x02) return true;
  }
  if (n === 46 && u32(b, o) === 0xb6130006) return true;
  if (n === 8 && u32(b, o) === 0xb6070004) return true;
  if (n === 16 && u32(b, o) === 0xb609000c) return true;
  if (n >= 2 && b0 === 0xd0) {
    const b1 = b[o + 1];
    return b1 === 0xb3 || b1 === 0xb4 || b1 === 0xda || b1 === 0xdb;
  }
  return false;
}

/** True when the packet-counter heuristic has seen two packets in each direction. */
export function lineCounting(flow: DissectInput['flow']): boolean {
  const st = states.peek(flow);
  return st !== undefined && st.pkts[0] >= 2 && st.pkts[1] >= 2;
}

export const line: Dissector = {
  name: 'LineCall',
  transports: [17],
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (f.ipVersion === 4 && f.ipProto === LINE && callShape(b, o, n)) {
      setProto(f, 0, LINE_CALL);
      return Verdict.Yes;
    }
    if (n <= 10) return Verdict.No;
    const d = inp.dir;
    const st = states.get(f);
    if (st.pkts[d] === 0) {
      st.base[d] = b[o + 3];
      st.pkts[d] = 1;
      return Verdict.More;
    }
    if (rtpKind(b, o, n) !== NO_RTP) return inp.packetIndex + 1 < 10 ? Verdict.More : Verdict.No;
    if (((st.base[d] + st.pkts[d]) & 0xff) !== b[o + 3]) return Verdict.No;
    st.pkts[d]++;
    if (st.pkts[0] >= 4 && st.pkts[1] >= 4) {
      if (st.base[0] === st.base[1]) return Verdict.No;
      setProto(f, 0, LINE_CALL);
      return Verdict.Yes;
    }
    return Verdict.More;
  },
};
