import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { startsWithLower } from '../bytes.js';
import { protocolId } from '../protocol-table.js';
import { applyHostService } from '../service.js';
import { FlowState, base64Text, digits, spaceAt, text } from './dissect-kit.js';
import type { TextLineState } from './text-lines.js';
import {
  keepReading,
  notYet,
  popcount,
  readLines,
  saveCredentials,
  switchToTls,
  textLineState,
  tlsAccepted,
  tlsAsked,
} from './text-lines.js';

/**
 * SMTP (RFC 5321) over TCP, nDPI's way: every line of both directions is matched against
 * server replies (220, 250, 235, 334, 354) and client commands (HELO/EHLO, MAIL, RCPT,
 * AUTH LOGIN/PLAIN, STARTTLS, DATA, NOOP, RSET); three distinct ones make it SMTP.
 * The 220 banner's host name becomes flow.host (and may name a service: SMTP.<service>,
 * matched like nDPI's host names). After the verdict the dissector keeps
 * reading (YesMore) for AUTH credentials and STARTTLS: a 220 reply after STARTTLS turns
 * the flow into SMTPS (nDPI's name), and the TLS handshake that follows goes to the TLS
 * dissector (starttls.ts) for its metadata.
 * Metadata: smtp.user, smtp.password, smtp.starttls.
 */
const SMTP = protocolId('SMTP');
const SMTPS = protocolId('SMTPS');

const B_220 = 1 << 0;
const B_250 = 1 << 1;
const B_235 = 1 << 2;
const B_334 = 1 << 3;
const B_354 = 1 << 4;
const B_HELO = 1 << 5;
const B_MAIL = 1 << 6;
const B_RCPT = 1 << 7;
const B_AUTH_LOGIN = 1 << 8;
const B_STARTTLS = 1 << 9;
const B_DATA = 1 << 10;
const B_NOOP = 1 << 11;
const B_RSET = 1 << 12;
const B_AUTH_PLAIN = 1 << 13;

/** Payload packets to look at before giving up (nDPI: 12) and after the verdict. */
const MAX_PACKETS = 12;

interface SmtpState extends TextLineState {
  bits: number;
  /** 1: AUTH LOGIN seen, waiting for the user line; 2: waiting for the password line. */
  authStep: number;
  /** The DATA body is running (its lines are mail, not commands). */
  inData: boolean;
}

const states = new FlowState<SmtpState>(() => Object.assign(textLineState(), { bits: 0, authStep: 0, inData: false }));

function onLine(st: SmtpState, b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (st.dir === 1) {
    // server replies: "NNN text" or "NNN-text"
    const code = digits(b, s, 3, e);
    if (code < 0) return true;
    if (code === 220) {
      if (st.tlsAsked) return tlsAccepted(st, b, e);
      st.bits |= B_220;
      const flow = st.flow!;
      if (flow.host === '' && n > 4 && b[s + 4] !== 0x28 /* ( */) {
        const hEnd = spaceAt(b, s + 4, e);
        if (hEnd < e) flow.host = text(b, s + 4, hEnd).toLowerCase();
      }
    } else if (code === 250) st.bits |= B_250;
    else if (code === 235) st.bits |= B_235;
    else if (code === 334) st.bits |= B_334;
    else if (code === 354) {
      st.bits |= B_354;
      st.inData = true;
    } else if (st.tlsAsked && code >= 400) st.tlsAsked = false; // 454/501: no TLS
    return true;
  }
  if (st.inData) {
    if (n === 1 && b[s] === 0x2e) st.inData = false; // "." ends the message
    return true;
  }
  if (st.authStep > 0 && n > 0 && b[s + 3] !== 0x20) {
    const v = base64Text(b, s, e);
    if (st.authStep === 1) {
      st.user = v;
      st.authStep = 2;
    } else {
      st.password = v;
      st.authStep = 0;
    }
    return true;
  }
  if (n >= 5) {
    if (startsWithLower(b, s, e, 'helo ') || startsWithLower(b, s, e, 'ehlo ')) st.bits |= B_HELO;
    else if (startsWithLower(b, s, e, 'mail ')) st.bits |= B_MAIL;
    else if (startsWithLower(b, s, e, 'rcpt ')) st.bits |= B_RCPT;
    else if (startsWithLower(b, s, e, 'auth ')) {
      if (startsWithLower(b, s + 5, e, 'login')) {
        st.bits |= B_AUTH_LOGIN;
        st.authStep = 1;
        // "AUTH LOGIN <user-b64>" carries the user name on the same line
        if (n > 11) {
          st.user = base64Text(b, s + 11, e);
          st.authStep = 2;
        }
      } else if (startsWithLower(b, s + 5, e, 'plain')) {
        st.bits |= B_AUTH_PLAIN;
        // "\0user\0password", base64
        const v = base64Text(b, s + 11, e);
        const a = v.indexOf('\0');
        const c = a < 0 ? -1 : v.indexOf('\0', a + 1);
        if (c > a + 1) {
          st.user = v.slice(a + 1, c);
          st.password = v.slice(c + 1);
        }
      }
    }
  }
  if (n >= 8 && (startsWithLower(b, s, e, 'starttls') || startsWithLower(b, s, e, 'x-anonymoustls'))) {
    st.bits |= B_STARTTLS;
    tlsAsked(st, b, e);
  }
  if (n >= 4) {
    if (startsWithLower(b, s, e, 'data')) st.bits |= B_DATA;
    else if (startsWithLower(b, s, e, 'noop')) st.bits |= B_NOOP;
    else if (startsWithLower(b, s, e, 'rset')) st.bits |= B_RSET;
  }
  return true;
}

export const smtp: Dissector = {
  name: 'SMTP',
  transports: [6],
  ports: [25, 587, 2525],
  dissect(inp: DissectInput): Verdict {
    const st = readLines(inp, states, onLine, SMTPS);
    if (typeof st === 'number') return st;
    const flow = inp.flow;
    if (st.tls) {
      const v = switchToTls(inp, states, st, SMTPS, 'smtp.starttls');
      saveCredentials(flow, st, 'smtp.user', 'smtp.password');
      return v;
    }
    if (!st.detected) {
      if (popcount(st.bits) >= 3) {
        st.detected = true;
        // as nDPI, the banner's host name may name a service: SMTP.Google, SMTP.Outlook …
        applyHostService(flow, SMTP);
      } else return notYet(inp, states, MAX_PACKETS);
    }
    saveCredentials(flow, st, 'smtp.user', 'smtp.password');
    // keep reading for credentials and STARTTLS, a few packets more (as nDPI)
    return keepReading(inp, states, st, MAX_PACKETS);
  },
};
