import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, eqLower, looksLikeText, setOther, setProto, text, walkLines } from './dissect-kit.js';
import { afterLine, continueTls } from './starttls.js';

/**
 * POP3 (RFC 1939) over TCP: server status lines ("+OK", "-ERR") and client commands
 * (USER, PASS, APOP, AUTH, CAPA, STAT, LIST, UIDL, RETR, DELE, TOP, NOOP, RSET, QUIT,
 * STLS, LAST) are collected from both directions; three distinct ones make it POP3 (as
 * nDPI's bit counting). Then it keeps reading for USER/PASS (pop3.user, pop3.password);
 * "+OK" after STLS makes the flow POPS (nDPI's name after STARTTLS), and the TLS handshake
 * that follows goes to the TLS dissector (starttls.ts).
 */
const POP3 = protocolId('POP3');
const POPS = protocolId('POPS');

const COMMANDS = ['user ', 'pass ', 'apop ', 'auth', 'capa', 'stat', 'list', 'uidl', 'retr', 'dele', 'top ', 'noop', 'rset', 'quit', 'stls', 'last'];
const B_OK = 1 << 16;
const B_ERR = 1 << 17;
const MAX_PACKETS = 12;

interface PopState {
  pos: [number, number];
  bits: number;
  dir: number;
  detected: boolean;
  user: string;
  password: string;
  stlsAsked: boolean;
  tls: boolean;
  tlsOff: [number, number];
  off: number;
  len: number;
}

const states = new FlowState<PopState>(() => ({
  pos: [0, 0],
  bits: 0,
  dir: 0,
  detected: false,
  user: '',
  password: '',
  stlsAsked: false,
  tls: false,
  tlsOff: [-1, -1],
  off: 0,
  len: 0,
}));

function popcount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}

function onLine(st: PopState, b: Uint8Array, s: number, e: number): boolean {
  if (st.dir === 1) {
    if (e - s >= 3 && b[s] === 0x2b && eqLower(b, s + 1, e, 'ok')) {
      st.bits |= B_OK;
      if (st.stlsAsked) {
        st.tls = true;
        st.tlsOff[1] = afterLine(b, st.off, st.len, e);
        return false;
      }
    } else if (e - s >= 4 && b[s] === 0x2d && eqLower(b, s + 1, e, 'err')) {
      st.bits |= B_ERR;
      st.stlsAsked = false;
    }
    return true;
  }
  for (let k = 0; k < COMMANDS.length; k++) {
    const c = COMMANDS[k];
    if (!eqLower(b, s, e, c)) continue;
    // a 4-letter command must end there or be followed by a space
    if (c.length === 4 && e - s > 4 && b[s + 4] !== 0x20) continue;
    st.bits |= 1 << k;
    if (k === 0) st.user = text(b, s + 5, e).trim();
    else if (k === 1) st.password = text(b, s + 5, e).trim();
    else if (k === 14) {
      st.stlsAsked = true;
      st.tlsOff[0] = afterLine(b, st.off, st.len, e);
    }
    break;
  }
  return true;
}

/** After STLS: the TLS handshake (see starttls.ts). */
function tlsStep(inp: DissectInput, st: PopState): Verdict {
  const v = continueTls(inp, st, POPS);
  if (v === Verdict.Yes) states.drop(inp.flow);
  return v;
}

export const pop3: Dissector = {
  name: 'POP3',
  transports: [6],
  ports: [110],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    const prev = states.peek(flow);
    if (prev !== undefined && prev.tls) return tlsStep(inp, prev);
    // a direction must open with text (checked once per direction)
    if ((prev === undefined || prev.pos[inp.dir] === 0) && !looksLikeText(inp.data, inp.off, inp.len, 16)) {
      states.drop(flow);
      return prev?.detected === true ? Verdict.Yes : Verdict.No;
    }
    const st = prev ?? states.get(flow);
    st.dir = inp.dir;
    st.off = inp.off;
    st.len = inp.len;
    st.pos[inp.dir] = walkLines(inp.data, inp.off, inp.len, st.pos[inp.dir], 64, st, onLine);
    if (st.user !== '') setOther(flow, 'pop3.user', st.user);
    if (st.password !== '') setOther(flow, 'pop3.password', st.password);
    if (st.tls) {
      setProto(flow, 0, POPS);
      setOther(flow, 'pop3.starttls', true);
      return tlsStep(inp, st);
    }
    if (!st.detected) {
      // the server's "+OK" greeting plus any client command, or three distinct tokens
      const n = popcount(st.bits);
      if (n >= 3 || (n >= 2 && (st.bits & B_OK) !== 0 && (st.bits & 0xffff) !== 0)) {
        st.detected = true;
        setProto(flow, 0, POP3);
      } else {
        const giveUp = inp.packetIndex + 1 >= MAX_PACKETS;
        if (giveUp) states.drop(flow);
        return giveUp ? Verdict.No : Verdict.More;
      }
    }
    const done = inp.packetIndex + 1 >= 2 * MAX_PACKETS || (st.password !== '' && !st.stlsAsked);
    if (done) states.drop(flow);
    return done ? Verdict.Yes : Verdict.YesMore;
  },
};
