/**
 * TLS over TCP (RFC 5246 §6.2, RFC 8446 §5), following nDPI's tls.c. The dissector sees
 * each direction's reassembled stream from byte 0; it walks complete records from where it
 * stopped, copies handshake record bodies into a per-direction buffer (a message may span
 * records, and a record may span TCP segments) and handles each complete handshake message.
 * Records pass nDPI's check: content type 20–26, major version 3.
 *
 * Verdict: YesMore once a ClientHello (or ServerHello) is seen, until the server's
 * Certificate (TLS ≤ 1.2), a ServerHello choosing TLS 1.3, or the end of the cleartext
 * handshake; Yes then. A complete application-data or alert record, or a one-byte
 * ChangeCipherSpec, opening a direction (a capture that starts mid-connection) is TLS
 * too, as for nDPI. Services: by SNI (host patterns); else by the hello (ALPN "anydesk/…",
 * Tor's hello shape: see handshake.ts subclassifyHello); else from the server's
 * certificate (never a client's): subjectAltNames against the host patterns, then the
 * subject DN against nDPI's certificate table (TLS.AnyDesk, TLS.FortiClient …). On
 * 465/587, 993 and 995 the protocol is SMTPS, IMAPS and POPS, as nDPI names them.
 */
import { CLI2SRV } from '../../flow/flow.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import {
  HS_CERTIFICATE,
  HS_CLIENT_HELLO,
  HS_SERVER_HELLO,
  HS_SERVER_HELLO_DONE,
  ID_IMAPS,
  ID_POPS,
  ID_SMTPS,
  ID_TLS,
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

const CT_CCS = 20;
const CT_ALERT = 21;
const CT_HANDSHAKE = 22;
const CT_APPDATA = 23;
/** Highest content type nDPI accepts in a record header (26: ACK of DTLS 1.3). */
const CT_LAST = 26;
/** Largest record length field. */
const MAX_RECORD = 0xffff;

class DirState {
  /** Offset (from the stream start) of the next record not yet walked. */
  recOff = 0;
  /** Handshake bytes of this direction, with hsPos the next message to read. */
  hs: Uint8Array | null = null;
  hsLen = 0;
  hsPos = 0;
  /** ChangeCipherSpec seen: later handshake records are encrypted. */
  encrypted = false;
  /** A well-formed record was seen. */
  sawRecord = false;
  sawAppData = false;
  /** Stop walking this direction (garbage, or a message over the limit). */
  stopped = false;
}

class TlsState {
  readonly d: [DirState, DirState] = [new DirState(), new DirState()];
  detected = false;
  done = false;
  /** Direction of the ClientHello (or the reverse of the ServerHello's); -1 before either. */
  chDir = -1;
}

const states = new FlowState(() => new TlsState());

/**
 * True when b[i..i+5) passes nDPI's record check (tls.c check_tls_type_and_version): a
 * content type 20–26 and major version 3 (any minor: servers must accept {03,XX} in a
 * ClientHello record). The length is any 16-bit value.
 */
export function isTlsRecordHeader(b: Uint8Array, i: number): boolean {
  const ct = b[i];
  return ct >= CT_CCS && ct <= CT_LAST && b[i + 1] === 3;
}

function masterFor(sport: number, dport: number): number {
  if (sport === 465 || dport === 465 || sport === 587 || dport === 587) return ID_SMTPS;
  if (sport === 993 || dport === 993) return ID_IMAPS;
  if (sport === 995 || dport === 995) return ID_POPS;
  return ID_TLS;
}

function appendHandshake(ds: DirState, b: Uint8Array, s: number, n: number, scope: LimitScope): void {
  if (ds.hsPos === ds.hsLen) ds.hsPos = ds.hsLen = 0;
  else if (ds.hsPos > 0 && ds.hs) {
    // keep only the unread part: the limit then bounds one message, not the whole flight
    ds.hs.copyWithin(0, ds.hsPos, ds.hsLen);
    ds.hsLen -= ds.hsPos;
    ds.hsPos = 0;
  }
  const need = ds.hsLen + n;
  if (need > scope.limits.tlsHandshakeBytes + 4 + MAX_RECORD) {
    ds.stopped = true;
    scope.hit('tls-handshake-bytes');
    return;
  }
  if (!ds.hs || ds.hs.length < need) {
    const nb = new Uint8Array(Math.max(need, ds.hs ? ds.hs.length * 2 : 4096));
    if (ds.hs) nb.set(ds.hs.subarray(0, ds.hsLen));
    ds.hs = nb;
  }
  ds.hs.set(b.subarray(s, s + n), ds.hsLen);
  ds.hsLen = need;
}

/**
 * Handles the complete messages of hs[pos, end) (the direction's handshake buffer, or a
 * record body read in place); returns the position of the first message not handled.
 */
function drainMessages(st: TlsState, ds: DirState, input: DissectInput, hs: Uint8Array, pos: number, end: number): number {
  const flow = input.flow;
  while (!ds.stopped && pos + 4 <= end) {
    const p = pos;
    const type = hs[p];
    const len = (hs[p + 1] << 16) | (hs[p + 2] << 8) | hs[p + 3];
    const scope = input.ctx ?? ALONE;
    if (len > scope.limits.tlsHandshakeBytes) {
      ds.stopped = true;
      scope.hit('tls-handshake-bytes');
      if (st.detected) st.done = true;
      return pos;
    }
    if (p + 4 + len > end) return pos; // wait for the rest
    pos = p + 4 + len;
    switch (type) {
      case HS_CLIENT_HELLO:
        if (!st.detected || !flow.meta.tls?.ja3c) {
          const ch = handleClientHello(flow, hs, p + 4, len, 't', input.ctx?.digests);
          if (ch) {
            st.chDir = input.dir;
            st.detected = true;
            const proto = masterFor(input.sport, input.dport);
            applyHostServiceKeeping(flow, proto);
            subclassifyHello(flow, ch, proto);
          }
        }
        break;
      case HS_SERVER_HELLO: {
        const v = handleServerHello(flow, hs, p + 4, len, false, input.ctx?.digests);
        if (v) {
          st.chDir = 1 - input.dir;
          if (!st.detected) {
            st.detected = true;
            applyHostServiceKeeping(flow, masterFor(input.sport, input.dport));
          }
          if (v === 0x0304 || v >> 8 === 0x7f) st.done = true; // the rest is encrypted
        }
        break;
      }
      case HS_CERTIFICATE:
        // only the server's certificate, once a hello told which side the server is (nDPI
        // ignores a client certificate)
        if (st.chDir >= 0 && input.dir !== st.chDir && handleCertificate(flow, hs, p + 4, len, input.ctx?.certs)) serviceFromCertificate(flow);
        if (st.detected) st.done = true;
        break;
      case HS_SERVER_HELLO_DONE:
        if (st.detected) st.done = true;
        break;
    }
  }
  return pos;
}

/** A handshake record body b[s, s+n): its messages, those split across records kept for later. */
function handshakeRecord(st: TlsState, ds: DirState, input: DissectInput, b: Uint8Array, s: number, n: number): void {
  if (ds.hsPos === ds.hsLen) {
    // nothing pending (the usual case): read the record in place, keep only a split tail
    const e = s + n;
    const p = drainMessages(st, ds, input, b, s, e);
    if (!ds.stopped && p < e) appendHandshake(ds, b, p, e - p, input.ctx ?? ALONE);
    return;
  }
  appendHandshake(ds, b, s, n, input.ctx ?? ALONE);
  if (!ds.stopped && ds.hs) ds.hsPos = drainMessages(st, ds, input, ds.hs, ds.hsPos, ds.hsLen);
}

function walk(st: TlsState, input: DissectInput): void {
  const ds = st.d[input.dir];
  const b = input.data;
  const base = input.off;
  const avail = input.len;
  while (!ds.stopped && !st.done && ds.recOff + 5 <= avail) {
    const i = base + ds.recOff;
    if (!isTlsRecordHeader(b, i)) {
      ds.stopped = true;
      return;
    }
    const rl = (b[i + 3] << 8) | b[i + 4];
    if (ds.recOff + 5 + rl > avail) return; // record not complete yet
    ds.sawRecord = true;
    ds.recOff += 5 + rl;
    const ct = b[i];
    // nDPI (tls.c): a two-byte alert record of level 2 is fatal (TLS Fatal Alert); longer
    // alert records are taken as encrypted
    if (ct === CT_ALERT && rl === 2 && b[i + 5] === 2 && input.flow.meta.tls !== undefined) input.flow.meta.tls.fatalAlert = true;
    if (ct === CT_HANDSHAKE && !ds.encrypted) {
      handshakeRecord(st, ds, input, b, i + 5, rl);
    } else if (ct === CT_CCS) {
      ds.encrypted = true;
      // a well-formed ChangeCipherSpec (one byte) is TLS for nDPI, hello seen or not
      if (rl === 1 && !st.detected) ds.sawAppData = true;
      // the server switching to encryption ends what we can read (resumed sessions)
      if (st.detected && input.dir !== CLI2SRV) st.done = true;
    } else if (ct === CT_APPDATA) {
      ds.sawAppData = true;
    } else if (ct === CT_ALERT && st.detected && !ds.encrypted && rl === 2 && b[i + 5] === 2) {
      st.done = true; // a fatal alert ends the handshake (warnings, e.g. unrecognized_name, do not)
    } else if (ct === CT_ALERT && !st.detected && ds.recOff === 5 + rl) {
      ds.sawAppData = true; // a lone alert record opening the stream: nDPI calls that TLS
    }
  }
}

function dissect(input: DissectInput): Verdict {
  const flow = input.flow;
  let st = states.peek(flow);
  if (!st) {
    // the first bytes of this direction must be a record header
    if (input.len < 1) return Verdict.More;
    const b = input.data;
    const o = input.off;
    if (b[o] < CT_CCS || b[o] > CT_LAST) return Verdict.No;
    if (input.len >= 2 && b[o + 1] !== 3) return Verdict.No;
    st = states.get(flow);
  }
  try {
    walk(st, input);
  } catch {
    // a parser bug must cost this flow's metadata only
    st.d[input.dir].stopped = true;
  }
  if (!st.detected) {
    // a capture starting mid-connection: a complete application-data (or alert) record
    // opening a direction is enough, as for nDPI
    const [c, s] = st.d;
    if (c.sawAppData || s.sawAppData) {
      st.detected = st.done = true;
      applyHostServiceKeeping(flow, masterFor(input.sport, input.dport));
    }
  }
  if (st.detected) {
    if (st.done || (st.d[0].stopped && st.d[1].stopped)) {
      states.drop(flow);
      return Verdict.Yes;
    }
    return Verdict.YesMore;
  }
  const ds = st.d[input.dir];
  if (ds.stopped && !ds.sawRecord) {
    states.drop(flow);
    return Verdict.No;
  }
  if (st.d[0].stopped && st.d[1].stopped) {
    states.drop(flow);
    return Verdict.No;
  }
  return Verdict.More;
}

export const tls: Dissector = {
  name: 'TLS',
  transports: [6],
  ports: [443, 465, 587, 853, 993, 995, 8443],
  // the first look (no state yet): a record header's major version 3
  pre: { tcp: { firstLook: true, at: 1, bytes: [3] } },
  dissect,
};
