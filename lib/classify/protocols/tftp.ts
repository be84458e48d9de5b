/**
 * TFTP (RFC 1350 + option extension RFC 2347), following nDPI's tftp.c, per datagram:
 * - RRQ/WRQ (opcode 1/2): a printable NUL-terminated file name, a mode (netascii, octet,
 *   mail) and only the options blksize/tsize, each once — decides at once (tftp.filename);
 * - OACK (6): well-formed options — decides at once;
 * - DATA (3, with data) and ACK (4, exactly 4 bytes) whose block numbers follow the
 *   previous ones (same or +1; out-of-sequence ones are skipped), ERROR (5, code ≤ 7,
 *   NUL-terminated message): the fourth such datagram decides.
 * Anything else (first byte not 0, unknown opcode, malformed request) rules TFTP out.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setOther, setProto, text } from './dissect-kit.js';

const ID = protocolId('TFTP');
const MODES: readonly string[] = ['netascii', 'octet', 'mail'];
const OPTIONS: readonly string[] = ['blksize', 'tsize'];

/** stage: valid datagrams so far; data/ack: last block numbers. */
const state = new FlowState<{ stage: number; data: number; ack: number }>(() => ({ stage: 0, data: 0, ack: 0 }));

/** Length of the NUL-terminated string at p (0 when empty or unterminated). */
function zstr(b: Uint8Array, p: number, e: number): number {
  let i = p;
  while (i < e && b[i] !== 0) i++;
  return i < e ? i - p : 0;
}

/** ASCII case-insensitive: does b[p..p+n) equal a prefix of s (n ≤ s.length)? nDPI's strncasecmp. */
function prefixOf(b: Uint8Array, p: number, n: number, s: string): boolean {
  if (n > s.length) return false;
  for (let k = 0; k < n; k++) {
    let c = b[p + k];
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== s.charCodeAt(k)) return false;
  }
  return true;
}

/** Walks option/value pairs from p; true when they are all known, unique and fill b[..e). */
function optionsOk(b: Uint8Array, p: number, e: number): boolean {
  let used = 0;
  for (;;) {
    const kl = zstr(b, p, e);
    if (kl === 0) break;
    const vl = zstr(b, p + kl + 1, e);
    if (vl === 0) {
      p += kl + 1; // nDPI consumed the name before finding no value
      break;
    }
    const k = OPTIONS.findIndex((o) => prefixOf(b, p, kl, o));
    p += kl + 1 + vl + 1;
    if (k < 0 || (used & (1 << k)) !== 0) {
      break;
    }
    used |= 1 << k;
  }
  return p === e;
}

function printable(b: Uint8Array, p: number, n: number): boolean {
  for (let i = p; i < p + n; i++) if (b[i] < 0x20 || b[i] > 0x7e) return false;
  return true;
}

/** Request (RRQ/WRQ) check; returns the file name's length, 0 when malformed. */
function request(b: Uint8Array, s: number, e: number): number {
  if (b[e - 1] !== 0) return 0;
  const fl = zstr(b, s + 2, e);
  if (fl === 0 || !printable(b, s + 2, fl)) return 0;
  let p = s + 2 + fl + 1;
  const ml = zstr(b, p, e);
  if (ml === 0 || !MODES.some((m) => prefixOf(b, p, ml, m))) return 0;
  p += ml + 1;
  return optionsOk(b, p, e) ? fl : 0;
}

export const tftp: Dissector = {
  name: 'TFTP',
  transports: [17],
  ports: [69],
  pre: { udp: { minLen: 4, bytes: [0] } }, // an opcode below 256
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    const n = inp.len;
    if (n < 4 || b[s] !== 0) return Verdict.No;
    const flow = inp.flow;
    const op = b[s + 1];
    if (op === 1 || op === 2) {
      const fl = request(b, s, e);
      if (fl === 0) return Verdict.No;
      setProto(flow, 0, ID);
      setOther(flow, 'tftp.filename', text(b, s + 2, s + 2 + fl));
      return Verdict.Yes;
    }
    if (op === 6) {
      if (!optionsOk(b, s + 2, e)) return Verdict.No;
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    const st = state.get(flow);
    const block = (b[s + 2] << 8) | b[s + 3];
    if (op === 3) {
      if (n <= 4) return Verdict.No;
      const prev = st.data;
      st.data = block;
      if (!(block === prev + 1 || (prev !== 0 && block === prev))) return Verdict.More;
    } else if (op === 4) {
      if (n !== 4) return Verdict.No;
      const prev = st.ack;
      st.ack = block;
      if (!(block === prev + 1 || block === prev)) return Verdict.More;
    } else if (op === 5) {
      if (n < 5 || b[e - 1] !== 0 || b[s + 2] !== 0 || b[s + 3] > 7) return Verdict.No;
    } else return Verdict.No;
    if (st.stage < 3) {
      st.stage++;
      return Verdict.More;
    }
    setProto(flow, 0, ID);
    return Verdict.Yes;
  },
};
