/**
 * OpenVPN (TLS mode) on UDP and TCP (each packet prefixed by a 16-bit length). A packet
 * starts with opcode<<3 | key_id and, for control packets, the sender's 8-byte session id.
 * A session starts with P_CONTROL_HARD_RESET_CLIENT_V2/V3 (7/10) from the client and
 * P_CONTROL_HARD_RESET_SERVER_V2 (8) from the server, key_id 0. Detected when either
 * - a direction starts with a hard reset and a later control packet (CONTROL, ACK,
 *   SOFT_RESET, WKC) of the same direction repeats its session id — works for one-way captures and
 *   for tls-auth/tls-crypt, whatever the HMAC size; or
 * - the server's reset echoes the client's session id (its remote session id; visible
 *   without tls-crypt).
 * The deprecated V1 resets (1/2) are not used: 0x16 (opcode 2) is also how DTLS starts.
 * nDPI names some flows OpenVPN.NordVPN (openvpn.pcap, server 217.138.197.43): that is its
 * NordVPN address list ([IP: 426/NordVPN], "Confidence: IP address"), not DPI; we ship no
 * address lists, so such flows stay OpenVPN here.
 */
import type { Flow } from '../../flow/flow.js';
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, memory, setProto } from './dissect-kit.js';

const ID = protocolId('OpenVPN');
const CLIENT_V2 = 7;
const SERVER_V2 = 8;
const CLIENT_V3 = 10;
/** Smallest control packet: opcode, session id, ack length 0, packet id. */
const MIN_LEN = 14;
const MAX_LEN = 1600;
const MAX_LOOKS = 12;
/** TCP: packets parsed from the start of each direction's stream. */
const MAX_FRAMES = 8;

/** Per direction: first opcode (0 unknown), its session id, later packets repeating it. */
interface OvpnState {
  op: [number, number];
  sidHi: [number, number];
  sidLo: [number, number];
  same: [number, number];
  /** The server's reset carried the client's session id. */
  echoed: boolean;
}
const states = new FlowState<OvpnState>(() => ({ op: [0, 0], sidHi: [0, 0], sidLo: [0, 0], same: [0, 0], echoed: false }));



function isReset(op: number): boolean {
  return op === CLIENT_V2 || op === CLIENT_V3 || op === SERVER_V2;
}

/**
 * Control opcodes that follow a reset and carry the sender's session id: SOFT_RESET (3),
 * CONTROL (4), ACK (5), WKC (11). A repeated reset does not count: a retransmitted
 * datagram of any protocol would repeat its first bytes too.
 */
function followsReset(op: number): boolean {
  return (op >= 3 && op <= 5) || op === 11;
}

/** Does b[from..to) contain the 8-byte session id hi:lo? */
function containsSid(b: Uint8Array, from: number, to: number, hi: number, lo: number): boolean {
  for (let i = from; i + 8 <= to; i++) if (u32(b, i) === hi && u32(b, i + 4) === lo) return true;
  return false;
}

/** Accounts one OpenVPN packet b[i..i+n) of direction d. */
function packet(flow: Flow, d: number, b: Uint8Array, i: number, n: number): void {
  const op = b[i] >> 3;
  const st = states.peek(flow);
  if (st === undefined || st.op[d] === 0) {
    const hi = n >= MIN_LEN ? u32(b, i + 1) : 0;
    const lo = n >= MIN_LEN ? u32(b, i + 5) : 0;
    if (n < MIN_LEN || n > MAX_LEN || !isReset(op) || (b[i] & 7) !== 0 || (hi === 0 && lo === 0)) {
      memory(flow).ovpnBad |= 1 << d;
      return;
    }
    const s = states.get(flow);
    s.op[d] = op;
    s.sidHi[d] = hi;
    s.sidLo[d] = lo;
    const o = 1 - d;
    if (op === SERVER_V2 && (s.op[o] === CLIENT_V2 || s.op[o] === CLIENT_V3) &&
        containsSid(b, i + 9, i + n, s.sidHi[o], s.sidLo[o])) s.echoed = true;
    return;
  }
  if (n >= 9 && n <= MAX_LEN && followsReset(op) && (b[i] & 7) === 0 &&
      u32(b, i + 1) === st.sidHi[d] && u32(b, i + 5) === st.sidLo[d])
    st.same[d]++;
  else if (op === SERVER_V2 && n >= MIN_LEN) {
    const o = 1 - d;
    if ((st.op[o] === CLIENT_V2 || st.op[o] === CLIENT_V3) && containsSid(b, i + 9, i + n, st.sidHi[o], st.sidLo[o]))
      st.echoed = true;
  }
}

/** TCP: re-reads the framed packets at the start of this direction's stream. */
function tcpFrames(flow: Flow, d: number, b: Uint8Array, s: number, e: number): void {
  const st = states.peek(flow);
  if (st !== undefined) {
    st.op[d] = 0;
    st.same[d] = 0;
  }
  let p = s;
  for (let k = 0; k < MAX_FRAMES && p + 2 <= e; k++) {
    const n = u16(b, p);
    if (n < 9 || n > MAX_LEN) {
      if (k === 0) memory(flow).ovpnBad |= 1 << d;
      return;
    }
    if (p + 2 + n > e) return; // rest in a later segment
    packet(flow, d, b, p + 2, n);
    if ((flow.dis?.ovpnBad ?? 0) & (1 << d)) return;
    p += 2 + n;
  }
}

export const openvpn: Dissector = {
  name: 'OpenVPN',
  transports: [6, 17],
  ports: [1194],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    const d = inp.dir;
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (inp.transport === 6) tcpFrames(flow, d, b, s, e);
    else if (((flow.dis?.ovpnBad ?? 0) & (1 << d)) === 0) packet(flow, d, b, s, e - s);
    const st = states.peek(flow);
    if (st !== undefined && (st.echoed || st.same[0] > 0 || st.same[1] > 0)) {
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    if (flow.dis?.ovpnBad === 3 || inp.packetIndex + 1 >= MAX_LOOKS) return Verdict.No;
    return Verdict.More;
  },
};
