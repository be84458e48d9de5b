import type { Flow } from '../../flow/flow.js';
import type { DissectInput } from '../dissector.js';
import type { DissectContext } from '../context.js';
import { Verdict } from '../dissector.js';
import { isPrintable } from '../bytes.js';
import { FlowState, setOther, setProto, walkLines } from './dissect-kit.js';
import { afterLine, continueTls } from './starttls.js';
import type { TlsStart } from './starttls.js';

/**
 * The life of a line-based TCP dissector with STARTTLS (SMTP, POP3, IMAP, FTP control):
 * each direction's new lines are walked once, credentials are recorded, a STARTTLS that the
 * server accepts hands the rest of the flow to the TLS dissector (starttls.ts).
 * The protocol files keep only what differs: their line matching and their verdict rule.
 */

/** What every such dissector remembers per flow (a protocol's state extends it). */
export interface TextLineState extends TlsStart {
  /** Next unread byte per direction, relative to the stream start. */
  pos: [number, number];
  /** The flow, direction and stream window of the current call (for the line callback). */
  flow: Flow | undefined;
  /** The run's context of the current call (DissectInput.ctx). */
  ctx: DissectContext | undefined;
  dir: number;
  off: number;
  len: number;
  detected: boolean;
  user: string;
  password: string;
  /** STARTTLS (STLS, AUTH TLS) sent; the server's positive reply switches to TLS. */
  tlsAsked: boolean;
  tls: boolean;
}

/** A fresh TextLineState (for a protocol's state maker to extend). */
export function textLineState(): TextLineState {
  return {
    pos: [0, 0],
    flow: undefined,
    ctx: undefined,
    dir: 0,
    off: 0,
    len: 0,
    detected: false,
    user: '',
    password: '',
    tlsAsked: false,
    tls: false,
    tlsOff: [-1, -1],
  };
}

/** Lines walked per call at most. */
const MAX_LINES_PER_CALL = 64;

/** A protocol's line callback (a module-level function: no closure per packet). */
export type OnLine<S> = (st: S, b: Uint8Array, start: number, end: number) => boolean;

/**
 * The common start of a call: once in TLS, the TLS step; a direction that does not open
 * with text ends the dissector (Yes if already detected, else No); otherwise the
 * direction's new complete lines go to `onLine` and the state is returned.
 */
export function readLines<S extends TextLineState>(
  inp: DissectInput,
  states: FlowState<S>,
  onLine: OnLine<S>,
  tlsId: number,
): S | Verdict {
  const flow = inp.flow;
  const prev = states.peek(flow);
  if (prev !== undefined && prev.tls) return tlsStep(inp, states, prev, tlsId);
  // a direction must open with text: its first 16 bytes (checked once per direction) are
  // printable ASCII, CR, LF or TAB, so that binary flows are given up at once
  if ((prev === undefined || prev.pos[inp.dir] === 0) && !isPrintable(inp.data, inp.off, inp.off + Math.min(inp.len, 16))) {
    states.drop(flow);
    return prev?.detected === true ? Verdict.Yes : Verdict.No;
  }
  const st = prev ?? states.get(flow);
  st.flow = flow;
  st.ctx = inp.ctx;
  st.dir = inp.dir;
  st.off = inp.off;
  st.len = inp.len;
  st.pos[inp.dir] = walkLines(inp.data, inp.off, inp.len, st.pos[inp.dir], MAX_LINES_PER_CALL, st, onLine);
  st.flow = undefined;
  st.ctx = undefined;
  return st;
}

/** The client asked for TLS on the line ending at `lineEnd`: its TLS starts after it. */
export function tlsAsked(st: TextLineState, b: Uint8Array, lineEnd: number): void {
  st.tlsAsked = true;
  st.tlsOff[0] = afterLine(b, st.off, st.len, lineEnd);
}

/** The server accepted TLS on the line ending at `lineEnd`: returns false (stop the walk). */
export function tlsAccepted(st: TextLineState, b: Uint8Array, lineEnd: number): false {
  st.tls = true;
  st.tlsOff[1] = afterLine(b, st.off, st.len, lineEnd);
  return false;
}

/** Records the user and password found so far under the protocol's keys (imap.user …). */
export function saveCredentials(flow: Flow, st: TextLineState, userKey: string, passwordKey: string): void {
  if (st.user !== '') setOther(flow, userKey, st.user);
  if (st.password !== '') setOther(flow, passwordKey, st.password);
}

/** The flow switches to TLS: named `tlsId` (SMTPS, POPS …), `starttlsKey` set, first TLS step. */
export function switchToTls<S extends TextLineState>(
  inp: DissectInput,
  states: FlowState<S>,
  st: S,
  tlsId: number,
  starttlsKey: string,
): Verdict {
  setProto(inp.flow, 0, tlsId);
  setOther(inp.flow, starttlsKey, true);
  return tlsStep(inp, states, st, tlsId);
}

/** After STARTTLS: the TLS handshake (see starttls.ts); the state goes once it is done. */
function tlsStep<S extends TextLineState>(inp: DissectInput, states: FlowState<S>, st: S, tlsId: number): Verdict {
  const v = continueTls(inp, st, tlsId);
  if (v === Verdict.Yes) states.drop(inp.flow);
  return v;
}

/** Not recognised yet: More, or No (state dropped) once `maxPackets` payloads went by. */
export function notYet<S>(inp: DissectInput, states: FlowState<S>, maxPackets: number): Verdict {
  const giveUp = inp.packetIndex + 1 >= maxPackets;
  if (giveUp) states.drop(inp.flow);
  return giveUp ? Verdict.No : Verdict.More;
}

/**
 * Recognised: keep reading (YesMore) for credentials and STARTTLS until 2 × `maxPackets`
 * payloads went by or a password was seen with no STARTTLS pending (as nDPI), then Yes.
 */
export function keepReading<S extends TextLineState>(
  inp: DissectInput,
  states: FlowState<S>,
  st: S,
  maxPackets: number,
): Verdict {
  const done = inp.packetIndex + 1 >= 2 * maxPackets || (st.password !== '' && !st.tlsAsked);
  if (done) states.drop(inp.flow);
  return done ? Verdict.Yes : Verdict.YesMore;
}

/** Number of bits set (the distinct-token count of nDPI's mail dissectors). */
export function popcount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}
