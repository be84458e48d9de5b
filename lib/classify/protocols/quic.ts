/**
 * QUIC (RFC 9000, 9001, 9369; IETF drafts; Google QUIC). For IETF versions the client's
 * Initial packets (coalesced ones too) are decrypted, their CRYPTO frames put together and
 * the TLS ClientHello read: SNI, ALPN, JA3C, JA4 ('q'), and the transport parameters'
 * google user agent. Google QUIC ≤ Q046 sends its CHLO in clear: SNI, UAID.
 * Service by SNI: QUIC.YouTube, QUIC.Google.
 *
 * Verdict: Yes once the ClientHello (or CHLO) is read; YesMore while a decrypted Initial
 * says QUIC but the ClientHello continues in later packets; Yes without metadata for a
 * valid long header of a version we know but cannot decrypt.
 */
import type { Flow, QuicMeta } from '../../flow/flow.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { ID_QUIC, MAX_HANDSHAKE, handleClientHello, setProtocol, subclassifyHello } from '../tls/handshake.js';
import type { ClientHello } from '../tls/hello.js';
import { CryptoStream, readInitialFrames } from '../quic/frames.js';
import { findChlo, gquicClientVersion, type Chlo } from '../quic/gquic.js';
import {
  clientInitialKeys,
  decryptInitial,
  initialTypeBits,
  parseLongHeader,
  readVarint,
  varintTransportParams,
  varLen,
  type InitialKeys,
} from '../quic/initial.js';
import { FlowState } from './dissect-kit.js';
import { DISSECT_LIMITS, limitHit } from '../../limits.js';

/** Google's user-agent transport parameter. */
const TP_GOOGLE_USER_AGENT = 0x3129;
/** Coalesced packets looked at in one datagram. */
const MAX_COALESCED = 8;

class QuicState {
  version = 0;
  dcid = '';
  keys: InitialKeys | null = null;
  readonly crypto = new CryptoStream();
  detected = false;
}

const states = new FlowState(() => new QuicState());

/** Versions that are QUIC even when we cannot decrypt them. */
function knownVersion(v: number): boolean {
  if (v === 1 || v === 0x6b3343cf || v === 0x709a50c4) return true;
  const hi = v >>> 8;
  if (hi === 0xff0000) return true; // IETF drafts
  if (hi === 0xfaceb0) return true; // mvfst
  const b0 = v >>> 24;
  const b1 = (v >>> 16) & 0xff;
  return (b0 === 0x51 || b0 === 0x54) && b1 === 0x30; // Q0nn, T0nn
}

function quicMeta(flow: Flow): QuicMeta {
  return (flow.meta.quic ??= {});
}

function dcidKey(b: Uint8Array, s: number, n: number): string {
  let k = '';
  for (let i = s; i < s + n; i++) k += String.fromCharCode(b[i]);
  return k;
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
      if (!varLen) return '';
      i += varLen;
      len = readVarint(b, i, end);
      if (!varLen) return '';
      i += varLen;
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
function tryClientHello(st: QuicState, flow: Flow): boolean {
  const cs = st.crypto;
  const buf = cs.buf;
  if (cs.overflow) return true;
  if (!buf || cs.contiguous < 4) return false;
  if (buf[0] !== 1) {
    // Q050 carries a gQUIC CHLO in its (encrypted) CRYPTO frames, not a TLS ClientHello
    const chlo = findChlo(buf, 0, cs.contiguous);
    if (chlo) applyChlo(flow, chlo);
    setProtocol(flow, ID_QUIC);
    return true;
  }
  const len = (buf[1] << 16) | (buf[2] << 8) | buf[3];
  if (len > DISSECT_LIMITS.tlsHandshakeBytes) {
    limitHit('tls-handshake-bytes');
    return true;
  }
  if (cs.contiguous < 4 + len) return false;
  const ch = handleClientHello(flow, buf, 4, len, 'q');
  if (!ch) return true;
  // QUIC is TLS 1.3 whatever the hello's legacy version says (nDPI prints TLSv1.3 too)
  if (flow.meta.tls) flow.meta.tls.version = 0x0304;
  const m = quicMeta(flow);
  if (ch.sni) m.sni = ch.sni;
  if (ch.alpn.length) m.alpn = ch.alpn;
  m.ja4 = flow.meta.tls?.ja4;
  const ua = userAgentOf(buf, ch, st.version);
  if (ua) m.userAgent = ua;
  setProtocol(flow, ID_QUIC);
  subclassifyHello(flow, ch, ID_QUIC);
  return true;
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
  const chlo = findChlo(input.data, input.off, end);
  if (chlo) applyChlo(flow, chlo);
  setProtocol(flow, ID_QUIC);
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
  if (end - off < 7) return waiting(st);
  if (input.dir !== 0) {
    // the server's packets are of no use; a flow seen from the server only stays unknown
    if (st) return waiting(st);
    return (b[off] & 0x80) !== 0 && knownVersion(((b[off + 1] << 24) | (b[off + 2] << 16) | (b[off + 3] << 8) | b[off + 4]) >>> 0)
      ? Verdict.More
      : Verdict.No;
  }
  if (!st) {
    const g = gquicClientVersion(b, off, end);
    if (g) return dissectGoogle(input, g, end);
  }
  if ((b[off] & 0x80) === 0) {
    // short header (1-RTT) or not QUIC
    return waiting(st);
  }
  let i = off;
  let decrypted = false;
  let sawKnown = false;
  let sawInitial = false;
  let undecryptable = false;
  try {
    for (let n = 0; n < MAX_COALESCED && i < end; n++) {
      if ((b[i] & 0x80) === 0) break; // a short-header packet ends the datagram's long ones
      const h = parseLongHeader(b, i, end);
      if (!h || !knownVersion(h.version)) break;
      sawKnown = true;
      if (h.type === initialTypeBits(h.version)) {
        sawInitial = true;
        st ??= states.get(flow);
        const key = dcidKey(b, h.dcidOff, h.dcidLen);
        if (st.version !== h.version || st.dcid !== key) {
          st.keys = clientInitialKeys(h.version, b.subarray(h.dcidOff, h.dcidOff + h.dcidLen));
          st.version = h.version;
          st.dcid = key;
        }
        if (!st.keys) undecryptable = true;
        else {
          const plain = decryptInitial(b, i, h, st.keys);
          if (plain) {
            decrypted = true;
            readInitialFrames(plain, st.crypto, true); // plain: a fresh buffer of ours
          }
        }
      }
      i = h.end;
    }
  } catch {
    // malformed input must not escape: treat like a failed decryption
  }
  if (!sawKnown) return waiting(st);
  st ??= states.get(flow);
  if (!sawInitial && !st.detected) return Verdict.More; // 0-RTT/Handshake before the Initial
  if (st.version === 0) st.version = ((b[off + 1] << 24) | (b[off + 2] << 16) | (b[off + 3] << 8) | b[off + 4]) >>> 0;
  quicMeta(flow).version = st.version;
  if (!st.detected) {
    st.detected = true;
    setProtocol(flow, ID_QUIC);
  }
  if (undecryptable && !decrypted) {
    // a version whose Initial protection we do not know: QUIC, without metadata
    states.drop(flow);
    return Verdict.Yes;
  }
  if (tryClientHello(st, flow)) {
    states.drop(flow);
    return Verdict.Yes;
  }
  return Verdict.YesMore;
}

export const quic: Dissector = {
  name: 'QUIC',
  transports: [17],
  ports: [443, 80, 8443],
  dissect,
};
