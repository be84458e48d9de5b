/**
 * OpenVPN (TLS mode) on UDP and TCP, following the standard search of nDPI's
 * src/lib/protocols/openvpn.c. A packet (on TCP after its 16-bit length prefix) starts with
 * opcode<<3 | key_id and, for control packets, the sender's 8-byte session id. Per packet:
 * - at least 14 bytes (16 on TCP); opcode one of the hard resets (1, 2, 7, 8, 10), CONTROL
 *   (4), ACK (5) or WKC (11); key id 0; a direction's first packet a hard reset under 1200
 *   bytes, on TCP with a length prefix equal to the rest of the packet;
 * - later packets of a direction repeat its session id; detected once both directions sent
 *   two packets each, or one direction four and the other none;
 * - or detected when the server's reset names the client's session id as its remote
 *   session id (after the packet-id array, whose place depends on the HMAC size: 20, 16 or
 *   none, guessed as nDPI does). A mismatch, or a sixth payload packet, excludes.
 * A STUN magic cookie at offset 4 excludes at once. nDPI's opcode-distribution heuristic for
 * obfuscated OpenVPN is off in its default configuration and is not done; its renaming by
 * address list (OpenVPN.NordVPN) is the address lists' business.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('OpenVPN');
const HARD_RESET_CLIENT_V1 = 1;
const HARD_RESET_SERVER_V1 = 2;
const CONTROL_V1 = 4;
const ACK_V1 = 5;
const HARD_RESET_CLIENT_V2 = 7;
const HARD_RESET_SERVER_V2 = 8;
const HARD_RESET_CLIENT_V3 = 10;
const WKC_V1 = 11;
const STUN_COOKIE = 0x2112a442;
/** A hard reset opcode with key id 0: the first byte a flow's first packet may have. */
const RESET_BYTES = [HARD_RESET_CLIENT_V1, HARD_RESET_SERVER_V1, HARD_RESET_CLIENT_V2, HARD_RESET_SERVER_V2, HARD_RESET_CLIENT_V3].map((op) => op << 3);

interface OvpnState {
  /** Payload packets per direction. */
  count: [number, number];
  sidHi: [number, number];
  sidLo: [number, number];
  /** TCP: per direction, the stream length already looked at. */
  done: [number, number];
}
const states = new FlowState<OvpnState>(() => ({ count: [0, 0], sidHi: [0, 0], sidLo: [0, 0], done: [0, 0] }));

function isReset(op: number): boolean {
  return op === HARD_RESET_CLIENT_V1 || op === HARD_RESET_SERVER_V1 || op === HARD_RESET_CLIENT_V2 ||
    op === HARD_RESET_SERVER_V2 || op === HARD_RESET_CLIENT_V3;
}

function isValidOpcode(op: number): boolean {
  return isReset(op) || op === CONTROL_V1 || op === ACK_V1 || op === WKC_V1;
}

/** Wireshark's test: a word with more than one zero byte is not an HMAC. */
function looksLikeHmac(w: number): boolean {
  let zeros = 0;
  for (let k = 0; k < 4; k++) if (((w >>> (8 * k)) & 0xff) === 0) zeros++;
  return zeros <= 1;
}

/** HMAC size of a reset at b[p..p+n): 20 or 16 when packet id 1 sits after it, 0, or -1. */
function hmacSize(b: Uint8Array, p: number, n: number): number {
  if (n >= 9 + 20 + 4 && u32(b, p + 29) === 1) return 20;
  if (n >= 9 + 16 + 4 && u32(b, p + 25) === 1) return 16;
  if (n >= 14 && !(b[p + 9] > 0 && looksLikeHmac(u32(b, p + 9)))) return 0;
  return -1;
}

/**
 * The tests that exclude a packet by its own bytes (b[p..p+n) after any TCP length prefix,
 * whose value is tcpLen, else -1), `first` when it is its direction's first packet.
 */
function excluded(b: Uint8Array, p: number, n: number, tcpLen: number, first: boolean): boolean {
  if (n < 14) return true;
  const op = b[p] >> 3;
  if (!isValidOpcode(op) || (b[p] & 7) !== 0) return true;
  if (first && !isReset(op)) return true;
  if (n + (tcpLen >= 0 ? 2 : 0) >= 1200 && isReset(op)) return true; // QUIC collision
  return first && tcpLen >= 0 && tcpLen !== n;
}

/**
 * The flow's first look excludes it (then no state is made: most flows are not OpenVPN):
 * the STUN cookie, a TCP packet too short, or excluded() on the flow's first packet.
 */
function firstLookExcludes(b: Uint8Array, off: number, n: number, tcp: boolean): boolean {
  if (n > 10 && u32(b, off + 4 + (tcp ? 2 : 0)) === STUN_COOKIE) return true;
  if (tcp) return n < 16 || excluded(b, off + 2, n - 2, u16(b, off), true);
  return excluded(b, off, n, -1, true);
}

const CONTINUE = 0;
const EXCLUDE = 1;
const FOUND = 2;

/** nDPI's search_standard for one packet: b[p..p+n) after any TCP length prefix. */
function standard(inp: DissectInput, st: OvpnState, b: Uint8Array, p: number, n: number, tcpLen: number): number {
  const d = inp.dir;
  const o = 1 - d;
  const first = st.count[d] === 1;
  if (excluded(b, p, n, tcpLen, first)) return EXCLUDE;
  const hi = u32(b, p + 1);
  const lo = u32(b, p + 5);
  if (!first) {
    if (hi !== st.sidHi[d] || lo !== st.sidLo[d]) return EXCLUDE;
    if (st.count[d] >= 2 && st.count[o] >= 2) return FOUND;
    if (st.count[d] >= 4 && st.count[o] === 0) return FOUND;
  } else {
    st.sidHi[d] = hi;
    st.sidLo[d] = lo;
  }
  let failed = false;
  const op = b[p] >> 3;
  if (st.count[o] > 0 && (op === HARD_RESET_SERVER_V1 || op === HARD_RESET_SERVER_V2)) {
    const h = hmacSize(b, p, n);
    let off = 9 + h + (h > 0 ? 8 : 0); // packet-id array length
    if (h >= 0 && off < n) {
      const alen = b[p + off];
      if (alen > 0) {
        off += 1 + alen * 4;
        if (off + 8 <= n && u32(b, p + off) === st.sidHi[o] && u32(b, p + off + 4) === st.sidLo[o]) return FOUND;
        failed = true;
      }
    }
  }
  if (failed || inp.packetIndex + 1 > 5) return EXCLUDE;
  return CONTINUE;
}

export const openvpn: Dissector = {
  name: 'OpenVPN',
  transports: [6, 17],
  ports: [1194],
  // the first look (firstLookExcludes): a hard reset opcode (key id 0) in a packet of 14+ bytes (16+ on TCP)
  pre: {
    tcp: { firstLook: true, minLen: 16, at: 2, bytes: RESET_BYTES },
    udp: { firstLook: true, minLen: 14, bytes: RESET_BYTES },
  },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const tcp = inp.transport === 6;
    if (inp.len > 0 && states.peek(inp.flow) === undefined && firstLookExcludes(b, inp.off, inp.len, tcp)) return Verdict.No;
    const st = states.get(inp.flow);
    const d = inp.dir;
    // this packet's bytes: on TCP, what the stream gained since the last look
    const p = inp.off + (tcp ? st.done[d] : 0);
    const e = inp.off + inp.len;
    if (tcp) st.done[d] = inp.len;
    const n = e - p;
    if (n <= 0) return Verdict.More;
    st.count[d]++;
    if (n > 10 && u32(b, p + 4 + (tcp ? 2 : 0)) === STUN_COOKIE) return Verdict.No;
    if (tcp && n < 16) return Verdict.No;
    const rc = tcp ? standard(inp, st, b, p + 2, n - 2, u16(b, p)) : standard(inp, st, b, p, n, -1);
    if (rc === FOUND) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return rc === EXCLUDE ? Verdict.No : Verdict.More;
  },
};
