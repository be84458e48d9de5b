/**
 * QUIC (RFC 9000, 9001, 9369; IETF drafts; Google QUIC), following nDPI's quic.c. For
 * IETF-style versions the client's Initial packets (coalesced ones too) are decrypted with
 * keys from the Destination Connection ID of the client's first Initial (a ClientHello
 * split over packets with different DCIDs stays readable), their CRYPTO frames put
 * together and the TLS ClientHello read: SNI, ALPN, JA3C, JA4 ('q'), and the transport
 * parameters' google user agent. Q050/T050/T051 carry their handshake in a 0x08 frame (a
 * CHLO for Q050, a ClientHello for T05x). Google QUIC ≤ Q046 sends its CHLO in clear: SNI,
 * UAID. Service by SNI (QUIC.YouTube, QUIC.Google); ALPN "doq…" is DNS over QUIC
 * (QUIC.DoH_DoT).
 *
 * Like nDPI:
 * - a client Initial of a "forcing version negotiation" version (0x?a?a?a?a) is QUIC at
 *   once; a Version Negotiation reply and then the client's real Initial are read too;
 * - 0-RTT packets before the Initial: the Initial is awaited until the third packet; any
 *   other packet after them (or the third 0-RTT one) makes QUIC without metadata;
 * - after a Q046 CHLO without SNI, or a v1 QUIC.Snapchat hello to *.addlive.io, up to 24
 *   more packets are watched: the first one without the QUIC fixed bit that looks like
 *   RTP/RTCP makes QUIC.SnapchatCall (calls multiplex RTP with QUIC).
 *
 * Verdict: Yes once the ClientHello (or CHLO) is read; YesMore while a decrypted Initial
 * says QUIC but the ClientHello continues in later packets (or while watching as above);
 * Yes without metadata for a valid long header of a version we know but cannot decrypt.
 */
import type { Flow, QuicMeta } from '../../flow/flow.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { ID_QUIC, MAX_HANDSHAKE, handleClientHello, subclassifyHello } from '../tls/handshake.js';
import { applyHostServiceKeeping } from '../service.js';
import type { ClientHello } from '../tls/hello.js';
import { CryptoStream, googleCryptoData, readInitialFrames } from '../quic/frames.js';
import { findChlo, gquicClientVersion, gquicCleartextSupported, type Chlo } from '../quic/gquic.js';
import {
  QUIC_V1,
  clientInitialKeys,
  decryptInitial,
  initialTypeBits,
  isForcingVn,
  parseLongHeader,
  readVarint,
  varintTransportParams,
  varintSize,
  type InitialKeys,
} from '../quic/initial.js';
import { FlowState } from './dissect-kit.js';
import { protocolId } from '../protocol-table.js';
import { ALONE, type LimitScope } from '../context.js';
import type { DigestMemo } from '../digest.js';

/** Google's user-agent transport parameter. */
const TP_GOOGLE_USER_AGENT = 0x3129;
/** Coalesced packets looked at in one datagram. */
const MAX_COALESCED = 8;
/** Packets watched for RTP/RTCP after the hello (nDPI's max_extra_packets_to_check). */
const RTP_WATCH = 24;
const ID_SNAPCHAT = protocolId('Snapchat');
const ID_SNAPCHAT_CALL = protocolId('SnapchatCall');
const ID_DOH_DOT = protocolId('DoH_DoT');
const V_Q046 = 0x51303436;

class QuicState {
  version = 0;
  /** DCID of the client's first Initial: the keys of every later Initial come from it. */
  origDcid: Uint8Array | null = null;
  keysVersion = -1;
  keys: InitialKeys | null = null;
  readonly crypto = new CryptoStream();
  detected = false;
  /** 1: a forcing-VN Initial was seen, a VN reply is expected; 2: then the real Initial. */
  vnStage = 0;
  /** Packets left to look for RTP/RTCP multiplexed with QUIC (Snapchat calls). */
  rtpWatch = 0;
  /** A 0-RTT packet came before any Initial. */
  zeroRtt = false;
}

const states = new FlowState(() => new QuicState());

/** Versions nDPI takes for QUIC (quic.c is_version_valid): gQUIC Q02x–Q05x, T05x; IETF. */
export function knownVersion(v: number): boolean {
  const g = (v & 0xffffff00) >>> 0;
  if (g === 0x54303500 || g === 0x51303500 || g === 0x51303400 || g === 0x51303300 || g === 0x51303200) return true;
  if (v === 1 || v === 0x6b3343cf || isForcingVn(v)) return true;
  if (v >>> 8 === 0xff0000) return true; // IETF drafts
  return v >>> 12 === 0xfaceb; // mvfst
}

/** IETF versions (nDPI's is_version_quic): v1, v2, drafts, mvfst, forcing-VN. */
function ietfVersion(v: number): boolean {
  return v === 1 || v === 0x6b3343cf || isForcingVn(v) || v >>> 8 === 0xff0000 || v >>> 12 === 0xfaceb;
}

/**
 * nDPI's may_be_0rtt: a long header with the fixed bit, an IETF version, the 0-RTT type
 * (01, or 10 in v2) and CID lengths ≤ 20 that fit the datagram.
 */
function isZeroRtt(b: Uint8Array, o: number, end: number): boolean {
  if (end - o < 6 || (b[o] & 0xc0) !== 0xc0) return false;
  const v = ((b[o + 1] << 24) | (b[o + 2] << 16) | (b[o + 3] << 8) | b[o + 4]) >>> 0;
  if (!ietfVersion(v)) return false;
  if (((b[o] >> 4) & 3) !== (v === 0x6b3343cf ? 2 : 1)) return false;
  const dl = b[o + 5];
  if (end - o <= 6 + dl) return false;
  const sl = b[o + 6 + dl];
  return dl <= 20 && sl <= 20 && end - o > 7 + dl + sl;
}

/**
 * nDPI's smallest datagram carrying a client Initial (quic.c may_be_initial_pkt; RFC 9000
 * §14.1 has clients pad them to 1200 bytes): smaller ones are not read as Initials.
 */
const MIN_INITIAL_DATAGRAM = 1200;

/** A client Initial as nDPI's may_be_initial_pkt sees it: 1200 bytes, long, known version, type Initial. */
function isIetfInitial(b: Uint8Array, o: number, end: number): boolean {
  if (end - o < MIN_INITIAL_DATAGRAM || (b[o] & 0x80) === 0) return false;
  const v = ((b[o + 1] << 24) | (b[o + 2] << 16) | (b[o + 3] << 8) | b[o + 4]) >>> 0;
  return knownVersion(v) && ((b[o] >> 4) & 3) === initialTypeBits(v);
}

/** Q050, T050, T051: IETF-style header, Google's handshake framing. */
function googleIetf(v: number): boolean {
  return v === 0x51303530 || v === 0x54303530 || v === 0x54303531;
}

function quicMeta(flow: Flow): QuicMeta {
  return (flow.meta.quic ??= {});
}

/** Google's user agent from the quic_transport_parameters extension, or ''. */
function userAgentOf(b: Uint8Array, ch: ClientHello, version: number): string {
  if (!ch.quicParamsExt) return '';
  let i = ch.quicParamsOff;
  let end = i + ch.quicParamsLen;
  if (end > b.length) end = b.length;
  const varint = varintTransportParams(version);
  if (!varint) i += 2; // old drafts: u16 total length first
  for (let guard = 0; i < end && guard < 256; guard++) {
    let id: number;
    let len: number;
    if (varint) {
      id = readVarint(b, i, end);
      if (!varintSize(b, i, end)) return '';
      i += varintSize(b, i, end);
      len = readVarint(b, i, end);
      if (!varintSize(b, i, end)) return '';
      i += varintSize(b, i, end);
    } else {
      if (i + 4 > end) return '';
      id = (b[i] << 8) | b[i + 1];
      len = (b[i + 2] << 8) | b[i + 3];
      i += 4;
    }
    if (i + len > end) return '';
    if (id === TP_GOOGLE_USER_AGENT) {
      let s = '';
      for (let k = i; k < i + len; k++) s += String.fromCharCode(b[k]);
      return s;
    }
    i += len;
  }
  return '';
}

/** Reads the ClientHello once the CRYPTO prefix holds it; true when done with the flow. */
function tryClientHello(st: QuicState, flow: Flow, scope: LimitScope, digests: DigestMemo | undefined): boolean {
  const cs = st.crypto;
  const buf = cs.buf;
  if (cs.overflow) return true;
  if (!buf || cs.contiguous < 4) return false;
  if (buf[0] !== 1) {
    // Q050 carries a gQUIC CHLO in its (encrypted) CRYPTO frames, not a TLS ClientHello
    const chlo = findChlo(buf, 0, cs.contiguous);
    if (chlo) applyChlo(flow, chlo);
    applyHostServiceKeeping(flow, ID_QUIC);
    return true;
  }
  const len = (buf[1] << 16) | (buf[2] << 8) | buf[3];
  if (len > scope.limits.tlsHandshakeBytes) {
    scope.hit('tls-handshake-bytes');
    return true;
  }
  if (cs.contiguous < 4 + len) return false;
  readHello(st, flow, buf, 4, len, digests);
  return true;
}

/**
 * The ClientHello at buf[off..off+len) (IETF QUIC's CRYPTO stream, or the TLS hello of a
 * T050/T051 handshake): QUIC metadata (SNI, ALPN, JA4, user agent) and the verdict.
 */
function readHello(st: QuicState, flow: Flow, buf: Uint8Array, off: number, len: number, digests: DigestMemo | undefined): void {
  const ch = handleClientHello(flow, buf, off, len, 'q', digests);
  if (!ch) return;
  // QUIC is TLS 1.3 whatever the hello's legacy version says (nDPI prints TLSv1.3 too)
  if (flow.meta.tls) flow.meta.tls.version = 0x0304;
  const m = quicMeta(flow);
  if (ch.sni) m.sni = ch.sni;
  if (ch.alpn.length) m.alpn = ch.alpn;
  m.ja4 = flow.meta.tls?.ja4;
  const ua = userAgentOf(buf, ch, st.version);
  if (ua) m.userAgent = ua;
  applyHostServiceKeeping(flow, ID_QUIC);
  subclassifyHello(flow, ch, ID_QUIC);
  afterHello(st, flow, ch);
}

/** nDPI's checks once the hello is read: DNS over QUIC by ALPN, Snapchat calls. */
function afterHello(st: QuicState, flow: Flow, ch: ClientHello): void {
  // "doq" or "doq-iNN" (drafts) first in the advertised list
  if (ch.alpn.length > 0 && ch.alpn[0].startsWith('doq')) {
    flow.l7Master = ID_QUIC;
    flow.l7App = ID_DOH_DOT;
  }
  const sni = flow.host;
  if (st.version === QUIC_V1 && flow.l7App === ID_SNAPCHAT && sni.length > 11 && sni.endsWith('.addlive.io')) st.rtpWatch = RTP_WATCH;
}

/** nDPI's basic RTP/RTCP test on a packet that lost the QUIC fixed bit. */
function looksRtp(b: Uint8Array, o: number, n: number): boolean {
  if (n < 2 || b[o] >> 6 !== 2) return false;
  const t = b[o + 1];
  if (t === 200 || t === 201) return true; // RTCP sender / receiver report
  const pt = t & 0x7f;
  return pt <= 34 || (pt >= 96 && pt <= 127);
}

/** A packet while watching for RTP: still QUIC (fixed bit), RTP/RTCP, or something else. */
function watchRtp(st: QuicState, input: DissectInput): Verdict {
  const b = input.data;
  const o = input.off;
  const n = Math.min(b.length, o + input.len) - o;
  if (n <= 0) return Verdict.YesMore;
  if ((b[o] & 0x40) !== 0) {
    if (--st.rtpWatch > 0) return Verdict.YesMore;
    states.drop(input.flow);
    return Verdict.Yes;
  }
  if (looksRtp(b, o, n)) {
    input.flow.l7Master = ID_QUIC;
    input.flow.l7App = ID_SNAPCHAT_CALL;
  }
  states.drop(input.flow);
  return Verdict.Yes;
}

/** RFC 8999 §6 Version Negotiation: long header, version 0, CID lengths ≤ 20. */
function isVersionNegotiation(b: Uint8Array, o: number, end: number): boolean {
  if (end - o < 11 || (b[o] & 0x80) === 0) return false;
  if (b[o + 1] !== 0 || b[o + 2] !== 0 || b[o + 3] !== 0 || b[o + 4] !== 0) return false;
  const dl = b[o + 5];
  if (o + 6 + dl >= end) return false;
  return dl <= 20 && b[o + 6 + dl] <= 20;
}

/** A Q050/T050/T051 Initial's plaintext: the CHLO (Q050) or ClientHello (T05x) in it. */
function googleHandshake(st: QuicState, flow: Flow, plain: Uint8Array, digests: DigestMemo | undefined): void {
  const r = googleCryptoData(plain);
  if (!r) return;
  const [s, e] = r;
  if (st.version === 0x51303530) {
    const chlo = findChlo(plain, s, e);
    if (chlo) applyChlo(flow, chlo);
    applyHostServiceKeeping(flow, ID_QUIC);
    return;
  }
  if (e - s < 4 || plain[s] !== 1) return;
  const len = (plain[s + 1] << 16) | (plain[s + 2] << 8) | plain[s + 3];
  if (s + 4 + len > e) return;
  readHello(st, flow, plain, s + 4, len, digests);
}

function applyChlo(flow: Flow, chlo: Chlo): void {
  const m = quicMeta(flow);
  if (chlo.sni) {
    m.sni = chlo.sni;
    flow.host = chlo.sni;
  }
  if (chlo.userAgent) m.userAgent = chlo.userAgent;
}

function dissectGoogle(input: DissectInput, version: number, end: number): Verdict {
  const flow = input.flow;
  quicMeta(flow).version = version;
  const chlo = gquicCleartextSupported(version) ? findChlo(input.data, input.off, end) : null;
  if (chlo) applyChlo(flow, chlo);
  applyHostServiceKeeping(flow, ID_QUIC);
  if (version === V_Q046 && flow.host === '') {
    // maybe a Snapchat call: RTP/RTCP follows on the same 5-tuple
    const st = states.get(flow);
    st.detected = true;
    st.version = version;
    st.rtpWatch = RTP_WATCH;
    return Verdict.YesMore;
  }
  return Verdict.Yes;
}

/** The answer for a datagram that brings nothing new. */
function waiting(st: QuicState | undefined): Verdict {
  return st === undefined ? Verdict.No : st.detected ? Verdict.YesMore : Verdict.More;
}

function dissect(input: DissectInput): Verdict {
  const flow = input.flow;
  const b = input.data;
  const off = input.off;
  const end = Math.min(b.length, off + input.len);
  let st = states.peek(flow);
  if (st !== undefined && st.rtpWatch > 0) return watchRtp(st, input);
  if (st !== undefined && st.vnStage === 1) {
    // after a forcing-VN Initial: a Version Negotiation reply, else nothing more to learn
    if (isVersionNegotiation(b, off, end)) {
      st.vnStage = 2;
      return Verdict.YesMore;
    }
    states.drop(flow);
    return Verdict.Yes;
  }
  if (st !== undefined && st.zeroRtt && !st.detected && !isZeroRtt(b, off, end) && !isIetfInitial(b, off, end)) {
    // something else after 0-RTT packets (a Handshake packet, the server): QUIC for nDPI
    quicMeta(flow).version = 0;
    applyHostServiceKeeping(flow, ID_QUIC);
    return done(flow);
  }
  const afterVn = st !== undefined && st.vnStage === 2;
  if (afterVn && st !== undefined) st.vnStage = 0;
  if (end - off < 7) return afterVn ? done(flow) : waiting(st);
  if (input.dir !== 0) {
    // the server's packets are of no use; a flow seen from the server only stays unknown
    if (afterVn) return done(flow);
    if (st) return waiting(st);
    return (b[off] & 0x80) !== 0 && knownVersion(((b[off + 1] << 24) | (b[off + 2] << 16) | (b[off + 3] << 8) | b[off + 4]) >>> 0)
      ? Verdict.More
      : Verdict.No;
  }
  const initialSized = end - off >= MIN_INITIAL_DATAGRAM;
  if (!st && initialSized) {
    const g = gquicClientVersion(b, off, end);
    if (g) return dissectGoogle(input, g, end);
  }
  if ((b[off] & 0x80) === 0) {
    // short header (1-RTT) or not QUIC
    return afterVn ? done(flow) : waiting(st);
  }
  const v0 = ((b[off + 1] << 24) | (b[off + 2] << 16) | (b[off + 3] << 8) | b[off + 4]) >>> 0;
  if (!st && isForcingVn(v0)) return forcingVn(input, v0, end);
  let i = off;
  let decrypted = false;
  let sawKnown = false;
  let sawInitial = false;
  let undecryptable = false;
  let googleDone = false;
  try {
    for (let n = 0; n < MAX_COALESCED && i < end; n++) {
      if ((b[i] & 0x80) === 0) break; // a short-header packet ends the datagram's long ones
      const h = parseLongHeader(b, i, end);
      if (!h || !knownVersion(h.version) || isForcingVn(h.version)) break;
      sawKnown = true;
      if (h.type === initialTypeBits(h.version) && h.dcidLen > 0 && initialSized) {
        sawInitial = true;
        st ??= states.get(flow);
        st.origDcid ??= b.slice(h.dcidOff, h.dcidOff + h.dcidLen);
        if (st.keysVersion !== h.version) {
          st.keys = clientInitialKeys(h.version, st.origDcid);
          st.keysVersion = h.version;
        }
        st.version = h.version;
        if (!st.keys) undecryptable = true;
        else {
          const plain = decryptInitial(b, i, h, st.keys);
          if (plain) {
            decrypted = true;
            if (googleIetf(h.version)) {
              // nDPI reads the first Initial's 0x08 frame only
              googleHandshake(st, flow, plain, input.ctx?.digests);
              googleDone = true;
              break;
            }
            readInitialFrames(plain, st.crypto, true, input.ctx ?? ALONE); // plain: a fresh buffer of ours
          }
        }
      }
      i = h.end;
    }
  } catch {
    // malformed input must not escape: treat like a failed decryption
  }
  if (!sawKnown) return afterVn ? done(flow) : waiting(st);
  st ??= states.get(flow);
  if (!sawInitial && !st.detected) {
    // 0-RTT before the Initial: wait for it, up to nDPI's third packet
    if (isZeroRtt(b, off, end)) {
      st.zeroRtt = true;
      if (input.packetIndex >= 2) {
        st.version ||= v0;
        quicMeta(flow).version = st.version;
        applyHostServiceKeeping(flow, ID_QUIC);
        return done(flow);
      }
    }
    return Verdict.More;
  }
  if (st.version === 0) st.version = v0;
  quicMeta(flow).version = st.version;
  if (!st.detected) {
    st.detected = true;
    applyHostServiceKeeping(flow, ID_QUIC);
  }
  if (googleDone || (undecryptable && !decrypted)) {
    // done with the hello, or a version whose Initial protection we do not know: QUIC
    // without metadata
    return done(flow);
  }
  if (tryClientHello(st, flow, input.ctx ?? ALONE, input.ctx?.digests)) {
    if (st.rtpWatch > 0) return Verdict.YesMore;
    return done(flow);
  }
  return Verdict.YesMore;
}

function done(flow: Flow): Verdict {
  states.drop(flow);
  return Verdict.Yes;
}

/**
 * A client Initial of a forcing-VN version: QUIC (nDPI: when the datagram has an Initial's
 * 1200 bytes, both header bits and valid CID lengths), then the VN reply is awaited.
 */
function forcingVn(input: DissectInput, version: number, end: number): Verdict {
  const b = input.data;
  const o = input.off;
  if (end - o < 1200 || (b[o] & 0xc0) !== 0xc0) return Verdict.No;
  const dl = b[o + 5];
  if (dl > 20 || o + 6 + dl >= end || b[o + 6 + dl] > 20) return Verdict.No;
  const st = states.get(input.flow);
  st.detected = true;
  st.vnStage = 1;
  quicMeta(input.flow).version = version;
  applyHostServiceKeeping(input.flow, ID_QUIC);
  return Verdict.YesMore;
}

export const quic: Dissector = {
  name: 'QUIC',
  transports: [17],
  ports: [443, 80, 8443],
  // the first look, with no state yet: a datagram under 7 bytes is nothing
  pre: { udp: { firstLook: true, minLen: 7 } },
  dissect,
};
