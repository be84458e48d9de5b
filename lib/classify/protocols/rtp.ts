import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u16 } from '../bytes.js';
import { FlowState, setOther, setProto } from './dissect-kit.js';
import { lineCounting } from './line.js';
import { stunCode } from './stun.js';
import { isDtlsRecordHeader } from './dtls.js';

/**
 * RTP and RTCP (RFC 3550), over UDP or over TCP with RFC 4571 framing (a 16-bit length
 * before each packet), with nDPI's heuristic:
 * - version 2; RTP: payload type 0–34 or 96–127 and the header (CSRCs, extension) fits;
 *   RTCP: packet type 192–213 and the length field fits;
 * - RTP after three RTP packets (the third must not repeat the sequence number the first
 *   one had in that direction); RTCP after four RTCP packets with no RTP; RTCP between RTP
 *   packets is skipped; any other packet once RTP/RTCP was seen ends the search unless it
 *   is DTLS or nDPI's STUN check calls it "not STUN" (stun.ts stunCode = 0);
 * - given up when the first four packets hold neither, and on UDP for destination ports
 *   up to 1023 and those of MDNS, LLMNR, FINS and Ethereum.
 * A flow where LINE's packet counter is running (line.ts) is left to LINE.
 * One dissector answers both names. Metadata: rtp.payload_type and, for the payload types
 * nDPI knows, rtp.stream_content ("Audio" / "Video", as nDPI's Stream Content).
 */
const RTP = protocolId('RTP');
const RTCP = protocolId('RTCP');

const NO = 0;
const IS_RTP = 1;
const IS_RTCP = 2;

interface RtpState {
  rtpStage: number;
  rtcpStage: number;
  /** Each direction's first RTP sequence number, -1 before it (fields, not arrays: a state is made per flow). */
  seq0: number;
  seq1: number;
  pt: number;
  /** TCP: next unread byte of each direction's stream. */
  pos0: number;
  pos1: number;
}

const states = new FlowState<RtpState>(() => ({
  rtpStage: 0,
  rtcpStage: 0,
  seq0: -1,
  seq1: -1,
  pt: -1,
  pos0: 0,
  pos1: 0,
}));

function validRtpType(t: number): boolean {
  return t <= 34 || (t >= 96 && t <= 127);
}

/** nDPI's is_rtp_or_rtcp on b[o..o+len). */
export function rtpKind(b: Uint8Array, o: number, len: number): number {
  if (len < 2 || (b[o] & 0xc0) !== 0x80) return NO;
  const pt = b[o + 1] & 0x7f;
  if (validRtpType(pt) && len >= 12) {
    const csrc = b[o] & 0x0f;
    const ext = (b[o] & 0x10) !== 0;
    let min = 12 + 4 * csrc + (ext ? 4 : 0);
    if (ext) {
      if (min > len) return NO;
      min += u16(b, o + min - 2) * 4;
    }
    return min > len ? NO : IS_RTP;
  }
  const t = b[o + 1];
  if (t >= 192 && t <= 213 && len >= 8) {
    return (u16(b, o + 2) + 1) * 4 > len ? NO : IS_RTCP;
  }
  return NO;
}

/**
 * Audio or video by payload type: the static IANA types, and the dynamic ones nDPI 4.x
 * lists for common codecs (96–98, 101, 103/104 SILK, 111, 112, 114–118 / 121–123 H.264, 127).
 */
const AUDIO_DYNAMIC: ReadonlySet<number> = new Set([96, 97, 98, 101, 103, 104, 111, 112, 114, 115, 116, 117, 118]);
const VIDEO_DYNAMIC: ReadonlySet<number> = new Set([121, 122, 123, 127]);
function streamContent(pt: number): string {
  if (pt === 0 || (pt >= 3 && pt <= 18) || AUDIO_DYNAMIC.has(pt)) return 'Audio';
  if (pt === 25 || pt === 26 || pt === 28 || pt === 31 || pt === 32 || pt === 34 || VIDEO_DYNAMIC.has(pt)) return 'Video';
  return '';
}

/** Runs one RTP/RTCP unit through the stage machine: Yes/No/More. */
function unit(st: RtpState, inp: DissectInput, b: Uint8Array, o: number, len: number): Verdict {
  const kind = rtpKind(b, o, len);
  const dir = inp.dir;
  if (kind === IS_RTP) {
    if (st.pt < 0) st.pt = b[o + 1] & 0x7f;
    const seq = u16(b, o + 2);
    if (st.rtpStage === 2) {
      // LINE's call packets with a counter around the RTP: LINE's dissector decides (nDPI)
      if (lineCounting(inp.flow)) return Verdict.More;
      if ((dir === 0 ? st.seq0 : st.seq1) === seq) return Verdict.No; // a duplicate, not a stream
      return found(inp.flow, RTP, st.pt);
    }
    if (st.rtpStage === 0) {
      if (dir === 0) st.seq0 = seq;
      else st.seq1 = seq;
    }
    st.rtpStage++;
  } else if (kind === IS_RTCP) {
    // RTCP after some RTP: keep looking for RTP
    if (st.rtpStage === 0) {
      if (st.rtcpStage === 3) return found(inp.flow, RTCP, -1);
      st.rtcpStage++;
    }
  } else if (st.rtpStage !== 0 || st.rtcpStage !== 0) {
    // neither: nDPI gives up unless its STUN check answers 0 ("not STUN") or it is DTLS;
    // that check sees the whole TCP packet, length prefix included
    const tcp = inp.transport === 6;
    const s = tcp ? o - 2 : o;
    const n = tcp ? len + 2 : len;
    if (stunCode(b, s, n, tcp) !== 0 && !isDtlsRecordHeader(b, s, s + n)) return Verdict.No;
  }
  return Verdict.More;
}

function found(flow: DissectInput['flow'], id: number, pt: number): Verdict {
  states.drop(flow);
  setProto(flow, 0, id);
  if (pt >= 0) {
    setOther(flow, 'rtp.payload_type', pt);
    const c = streamContent(pt);
    if (c !== '') setOther(flow, 'rtp.stream_content', c);
  }
  return Verdict.Yes;
}

export const rtp: Dissector = {
  name: 'RTP',
  transports: [17, 6],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    if (inp.transport === 17) {
      const dp = inp.dport;
      if (dp <= 1023 || dp === 5353 || dp === 5355 || dp === 9600 || dp === 30303 || inp.sport === 30303) {
        return Verdict.No;
      }
    }
    let cur = states.peek(flow);
    if (cur === undefined) {
      // no RTP/RTCP seen yet: decide without allocating state for the flow
      if (inp.packetIndex > 3) return Verdict.No;
      if (inp.transport === 17 && rtpKind(inp.data, inp.off, inp.len) === NO) return Verdict.More;
      cur = states.get(flow);
    }
    const st = cur;
    if (inp.packetIndex > 3 && st.rtpStage === 0 && st.rtcpStage === 0) {
      states.drop(flow);
      return Verdict.No;
    }
    if (inp.transport === 17) {
      const v = unit(st, inp, inp.data, inp.off, inp.len);
      if (v === Verdict.No) states.drop(flow);
      return v;
    }
    // TCP: each complete frame of the stream is one packet
    const b = inp.data;
    const end = inp.off + inp.len;
    let p = inp.off + (inp.dir === 0 ? st.pos0 : st.pos1);
    for (let k = 0; k < 16 && end - p >= 2; k++) {
      const n = u16(b, p);
      if (n < 2) {
        states.drop(flow);
        return Verdict.No;
      }
      if (p + 2 + n > end) break; // the rest of the frame is still to come
      const v = unit(st, inp, b, p + 2, n);
      p += 2 + n;
      if (inp.dir === 0) st.pos0 = p - inp.off;
      else st.pos1 = p - inp.off;
      if (v !== Verdict.More) {
        if (v === Verdict.No) states.drop(flow);
        return v;
      }
    }
    if (inp.packetIndex >= 12) {
      states.drop(flow);
      return Verdict.No;
    }
    return Verdict.More;
  },
};
