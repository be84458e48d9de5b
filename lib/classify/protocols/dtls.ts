/**
 * DTLS over UDP (RFC 6347 §4.1–4.2, RFC 9147). Records: type 20–23, version fe ff / fe fd /
 * fe fc, epoch, 48-bit sequence, length; several per datagram. Handshake messages carry a
 * 12-byte header (type, length, message_seq, fragment offset and length); fragments of one
 * message are put together in order. The ClientHello gives SNI, ALPN, JA3C and JA4 ('d');
 * the ServerHello JA3S; the Certificate (cleartext in DTLS ≤ 1.2) the certificate fields.
 *
 * `dissectDtls` is exported so that a dissector owning a flow where DTLS follows another
 * protocol (STUN, then DTLS for WebRTC) can hand it the datagrams; a service found before
 * (STUN.GoogleCall) is kept: DTLS.GoogleCall.
 *
 * As nDPI's ndpi_search_dtls (tls.c): an application-data record before any handshake is
 * DTLS at once (a capture starting mid-session).
 */
import type { Flow } from '../../flow/flow.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import {
  HS_CERTIFICATE,
  HS_CLIENT_HELLO,
  HS_SERVER_HELLO,
  HS_SERVER_HELLO_DONE,
  ID_DTLS,
  MAX_HANDSHAKE,
  handleCertificate,
  handleClientHello,
  handleServerHello,
  serviceFromCertificate,
  subclassifyHello,
} from '../tls/handshake.js';
import { applyHostServiceKeeping } from '../service.js';
import { FlowState } from './dissect-kit.js';
import { ALONE, type LimitScope } from '../context.js';

const HDR = 13;
const HS_HDR = 12;

class DirState {
  /** The message being put together. */
  seq = -1;
  type = 0;
  msgLen = 0;
  buf: Uint8Array | null = null;
  filled = 0;
  /** Highest message_seq handled (retransmissions are skipped). */
  lastSeq = -1;
}

class DtlsState {
  readonly d: [DirState, DirState] = [new DirState(), new DirState()];
  detected = false;
  done = false;
  /** Direction of the ClientHello (or the reverse of the ServerHello's); -1 before either. */
  chDir = -1;
}

const states = new FlowState(() => new DtlsState());

/** True when b[i..i+13) looks like a DTLS record header. */
export function isDtlsRecordHeader(b: Uint8Array, i: number, end: number): boolean {
  if (i + HDR > end) return false;
  const ct = b[i];
  if (ct < 20 || ct > 23) return false;
  const v = (b[i + 1] << 8) | b[i + 2];
  // DTLS 1.0, 1.2, 1.3, and OpenSSL's pre-RFC DTLS 1.0 (0x0100), as nDPI's is_dtls
  if (v !== 0xfeff && v !== 0xfefd && v !== 0xfefc && v !== 0x0100) return false;
  const len = (b[i + 11] << 8) | b[i + 12];
  return len > 0 && i + HDR + len <= end;
}

function handleMessage(st: DtlsState, flow: Flow, dir: number, type: number, b: Uint8Array, off: number, len: number): void {
  switch (type) {
    case HS_CLIENT_HELLO: {
      const ch = handleClientHello(flow, b, off, len, 'd');
      if (ch) {
        st.chDir = dir;
        st.detected = true;
        applyHostServiceKeeping(flow, ID_DTLS);
        subclassifyHello(flow, ch, ID_DTLS);
      }
      break;
    }
    case HS_SERVER_HELLO:
      if (handleServerHello(flow, b, off, len, true)) {
        st.chDir = 1 - dir;
        if (!st.detected) applyHostServiceKeeping(flow, ID_DTLS);
        st.detected = true;
      }
      break;
    case HS_CERTIFICATE:
      // the server's certificate only (nDPI ignores a client certificate)
      if (st.chDir >= 0 && dir !== st.chDir && handleCertificate(flow, b, off, len)) serviceFromCertificate(flow);
      if (st.detected) st.done = true;
      break;
    case HS_SERVER_HELLO_DONE:
      if (st.detected) st.done = true;
      break;
  }
}

/** One handshake fragment at b[i, i+fragLen+12). */
function handleFragment(st: DtlsState, ds: DirState, flow: Flow, dir: number, b: Uint8Array, i: number, end: number, scope: LimitScope): void {
  if (i + HS_HDR > end) return;
  const type = b[i];
  const msgLen = (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
  const seq = (b[i + 4] << 8) | b[i + 5];
  const fOff = (b[i + 6] << 16) | (b[i + 7] << 8) | b[i + 8];
  const fLen = (b[i + 9] << 16) | (b[i + 10] << 8) | b[i + 11];
  const s = i + HS_HDR;
  if (msgLen > scope.limits.tlsHandshakeBytes) {
    // counted only for what is plausibly DTLS (probing other UDP payloads meets any length)
    if (st.detected || ((type === 1 || type === 2 || type === 11) && s + fLen <= end && fOff + fLen <= msgLen)) scope.hit('tls-handshake-bytes');
    return;
  }
  if (s + fLen > end || fOff + fLen > msgLen) return;
  if (seq <= ds.lastSeq && ds.lastSeq >= 0) return; // retransmission
  if (fOff === 0 && fLen === msgLen) {
    // the common case: the whole message in one fragment, parse in place
    ds.lastSeq = seq;
    ds.seq = -1;
    handleMessage(st, flow, dir, type, b, s, msgLen);
    return;
  }
  if (ds.seq !== seq || ds.type !== type || ds.msgLen !== msgLen) {
    if (fOff !== 0) return; // wait for a fragment that starts the message
    ds.seq = seq;
    ds.type = type;
    ds.msgLen = msgLen;
    ds.filled = 0;
    if (!ds.buf || ds.buf.length < msgLen) ds.buf = new Uint8Array(msgLen);
  }
  if (fOff > ds.filled || fOff + fLen <= ds.filled) return; // a hole, or nothing new
  const buf = ds.buf!;
  buf.set(b.subarray(s + (ds.filled - fOff), s + fLen), ds.filled);
  ds.filled = fOff + fLen;
  if (ds.filled === msgLen) {
    ds.lastSeq = seq;
    ds.seq = -1;
    handleMessage(st, flow, dir, type, buf, 0, msgLen);
  }
}

/** The DTLS dissector's step on one datagram; see the module comment. */
export function dissectDtls(input: DissectInput): Verdict {
  const flow = input.flow;
  const b = input.data;
  const end = Math.min(b.length, input.off + input.len);
  let st = states.peek(flow);
  if (!st) {
    if (!isDtlsRecordHeader(b, input.off, end)) return Verdict.No;
    st = states.get(flow);
  }
  const ds = st.d[input.dir];
  let i = input.off;
  let records = 0;
  try {
    while (!st.done && isDtlsRecordHeader(b, i, end) && records++ < 64) {
      const len = (b[i + 11] << 8) | b[i + 12];
      const epoch = (b[i + 3] << 8) | b[i + 4];
      if (b[i] === 22 && epoch === 0) {
        // a record may carry several handshake fragments
        let j = i + HDR;
        const re = i + HDR + len;
        while (j + HS_HDR <= re) {
          const fLen = (b[j + 9] << 16) | (b[j + 10] << 8) | b[j + 11];
          handleFragment(st, ds, flow, input.dir, b, j, re, input.ctx ?? ALONE);
          j += HS_HDR + fLen;
        }
      } else if (b[i] === 20 && st.detected && input.dir === 1) {
        st.done = true; // server's ChangeCipherSpec: the rest is encrypted
      } else if (b[i] === 23 && !st.detected) {
        // application data: a session seen from its middle is DTLS as it stands (nDPI)
        applyHostServiceKeeping(flow, ID_DTLS);
        st.detected = st.done = true;
      }
      i += HDR + len;
    }
  } catch {
    st.done = st.detected;
  }
  if (st.detected) {
    if (st.done) {
      states.drop(flow);
      return Verdict.Yes;
    }
    return Verdict.YesMore;
  }
  return Verdict.More;
}

export const dtls: Dissector = {
  name: 'DTLS',
  transports: [17],
  // the first look must be a record header (isDtlsRecordHeader): 13+ bytes, version 0xfe.. or 0x0100
  pre: { udp: { firstLook: true, minLen: HDR, at: 1, bytes: [0xfe, 0x01] } },
  dissect: dissectDtls,
};
