import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { startsWithLower } from '../bytes.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto, text } from './dissect-kit.js';
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

interface PopState extends TextLineState {
  bits: number;
}

const states = new FlowState<PopState>(() => Object.assign(textLineState(), { bits: 0 }));

function onLine(st: PopState, b: Uint8Array, s: number, e: number): boolean {
  if (st.dir === 1) {
    if (e - s >= 3 && b[s] === 0x2b && startsWithLower(b, s + 1, e, 'ok')) {
      st.bits |= B_OK;
      if (st.tlsAsked) return tlsAccepted(st, b, e);
    } else if (e - s >= 4 && b[s] === 0x2d && startsWithLower(b, s + 1, e, 'err')) {
      st.bits |= B_ERR;
      st.tlsAsked = false;
    }
    return true;
  }
  for (let k = 0; k < COMMANDS.length; k++) {
    const c = COMMANDS[k];
    if (!startsWithLower(b, s, e, c)) continue;
    // a 4-letter command must end there or be followed by a space
    if (c.length === 4 && e - s > 4 && b[s + 4] !== 0x20) continue;
    st.bits |= 1 << k;
    if (k === 0) st.user = text(b, s + 5, e).trim();
    else if (k === 1) st.password = text(b, s + 5, e).trim();
    else if (k === 14) tlsAsked(st, b, e);
    break;
  }
  return true;
}

export const pop3: Dissector = {
  name: 'POP3',
  transports: [6],
  ports: [110],
  dissect(inp: DissectInput): Verdict {
    const st = readLines(inp, states, onLine, POPS);
    if (typeof st === 'number') return st;
    const flow = inp.flow;
    saveCredentials(flow, st, 'pop3.user', 'pop3.password');
    if (st.tls) return switchToTls(inp, states, st, POPS, 'pop3.starttls');
    if (!st.detected) {
      // the server's "+OK" greeting plus any client command, or three distinct tokens
      const n = popcount(st.bits);
      if (n >= 3 || (n >= 2 && (st.bits & B_OK) !== 0 && (st.bits & 0xffff) !== 0)) {
        st.detected = true;
        setProto(flow, 0, POP3);
      } else return notYet(inp, states, MAX_PACKETS);
    }
    return keepReading(inp, states, st, MAX_PACKETS);
  },
};
