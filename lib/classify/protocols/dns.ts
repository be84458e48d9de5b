/**
 * DNS (RFC 1035), MDNS (RFC 6762) and LLMNR (RFC 4795): one wire format, told apart by port.
 * UDP: one message per datagram; TCP: a 2-byte length prefix (RFC 1035 §4.2.2).
 *
 * Follows nDPI's dns.c:
 * - only on the standard ports: source or destination 53 or 5353, destination 5355
 *   (nDPI #1788: no DNS elsewhere; DNScrypt, DoQ … get those flows);
 * - a query to 5353/5355 that is not sent to the group address (224.0.0.251 / ff02::fb,
 *   224.0.0.252 / ff02::1:3) is refused when it has flags and questions;
 * - each packet must hold a whole message header (TCP: in its first segment);
 * - header sanity (nDPI's is_valid_dns): a query has at most 16 questions and standard,
 *   inverse or update flags, or no answer/authority records; a response has 1-16
 *   questions (MDNS: 0 allowed) and 1-16 records of some section, or none at all;
 * - the protocol comes from the client's port first, then the server's (53 DNS, 5353
 *   MDNS, 5355 LLMNR); the host name (the first name of the message, compression
 *   followed, invalid characters replaced by '_' or '?', lower case) selects the service;
 * - after a query (or a response without records) nDPI keeps reading up to 5 more
 *   packets for the response (not for LLMNR).
 * Metadata: first query name, type, rcode, answers (A/AAAA as text, CNAME targets).
 */
import { formatAddr, type Flow } from '../../flow/flow.js';
import { applyHostService } from '../service.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { ALONE, type LimitScope } from '../context.js';
import { FlowState } from './dissect-kit.js';
import { ascii } from '../bytes.js';

const DNS = protocolId('DNS');
const MDNS = protocolId('MDNS');
const LLMNR = protocolId('LLMNR');

const DNS_PORT = 53;
const MDNS_PORT = 5353;
const LLMNR_PORT = 5355;

/** Most answers kept per response. */
const MAX_ANSWERS = 32;
/** nDPI's NDPI_MAX_DNS_REQUESTS: the sanity bound on header counts. */
const MAX_COUNT = 16;
/** Packets nDPI still reads after the verdict, waiting for the response. */
const MAX_EXTRA = 5;
/** nDPI's host name buffer keeps the last 79 characters of a longer name. */
const MAX_HOST = 79;

/** Per-flow state once the flow is DNS: packets read since, and TCP directions parsed. */
interface DnsState {
  extra: number;
  tcpDone: number;
  answered: boolean;
}
const states = new FlowState<DnsState>(() => ({ extra: 0, tcpDone: 0, answered: false }));

/** The result of readName: the text, and where the record continues (-1: error). */
export interface NameResult {
  name: string;
  next: number;
  invalidChars: boolean;
}

/**
 * Reads a possibly compressed name at `pos` of the message b[msg..end).
 * Never loops: at most `scope.limits.dnsCompressionHops` pointers (a loop ends there) and
 * dnsNameLength characters (RFC 1035: 255 octets on the wire); each stop is a limit hit
 * counted in `scope` (the run's context). `text` false: only `next` is wanted (a name
 * skipped): the same walk and limit hits, but no text made (name '', invalidChars false).
 */
export function readName(b: Uint8Array, msg: number, end: number, pos: number, scope: LimitScope = ALONE, text = true): NameResult {
  // the name's characters as bytes (labels and dots), made into one string at the end
  const max = scope.limits.dnsNameLength;
  const out = !text || max <= NAME_BYTES.length ? NAME_BYTES : new Uint8Array(max);
  // the name's length in characters (one a byte, a dot between labels), made or not
  let len = 0;
  let next = -1;
  let hops = 0;
  let invalid = false;
  let p = pos;
  for (;;) {
    if (p >= end) return fail(text, out, len, invalid);
    const c = b[p];
    if (c === 0) {
      if (next < 0) next = p + 1;
      break;
    }
    if ((c & 0xc0) === 0xc0) {
      if (p + 1 >= end) return fail(text, out, len, invalid);
      if (next < 0) next = p + 2;
      if (++hops > scope.limits.dnsCompressionHops) {
        scope.hit('dns-compression-hops');
        return fail(text, out, len, invalid);
      }
      const target = msg + (((c & 0x3f) << 8) | b[p + 1]);
      if (target >= end) return fail(text, out, len, invalid);
      p = target;
      continue;
    }
    if ((c & 0xc0) !== 0) return fail(text, out, len, invalid); // 0x40/0x80: unused label types
    if (p + 1 + c > end) return fail(text, out, len, invalid);
    if (len + c + 1 > scope.limits.dnsNameLength) {
      scope.hit('dns-name-length');
      return fail(text, out, len, invalid);
    }
    if (text) {
      if (len > 0) out[len] = 46; // '.'
      const o = len > 0 ? len + 1 : 0;
      for (let i = 0; i < c; i++) {
        const ch = b[p + 1 + i];
        if (!isHostChar(ch)) invalid = true;
        out[o + i] = ch;
      }
    }
    if (len > 0) len++;
    len += c;
    p += 1 + c;
  }
  return { name: text ? ascii(out, 0, len) : '', next, invalidChars: invalid };
}

/** readName's characters under the default name limit; no value outlives a call. */
const NAME_BYTES = new Uint8Array(255);

function fail(text: boolean, out: Uint8Array, len: number, invalid: boolean): NameResult {
  return { name: text ? ascii(out, 0, len) : '', next: -1, invalidChars: invalid };
}

/** Letters, digits, '-', '_' (service labels) are what host names carry. */
function isHostChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 45 || c === 95;
}

/** nDPI's checkPort: the protocol a port stands for, 0 when none. */
function portProto(port: number): number {
  return port === DNS_PORT ? DNS : port === LLMNR_PORT ? LLMNR : port === MDNS_PORT ? MDNS : 0;
}

/** The protocol of the flow: the client's port first, then the server's. */
function flowProto(cliPort: number, srvPort: number): number {
  const p = portProto(cliPort);
  return p !== 0 ? p : portProto(srvPort);
}

/** The packet goes to the MDNS (224.0.0.251, ff02::fb) or LLMNR (224.0.0.252, ff02::1:3) group. */
function toGroup(inp: DissectInput, llmnr: boolean): boolean {
  const f = inp.flow;
  const a = inp.dir === 0 ? f.srv : f.cli;
  if (f.ipVersion === 4) return a[0] === (llmnr ? 0xe00000fc : 0xe00000fb);
  return a[0] === 0xff020000 && a[1] === 0 && a[2] === 0 && a[3] === (llmnr ? 0x00010003 : 0xfb);
}

/** Header counts of one message. */
interface Header {
  flags: number;
  qd: number;
  an: number;
  ns: number;
  ar: number;
}
const HDR: Header = { flags: 0, qd: 0, an: 0, ns: 0, ar: 0 };

/** nDPI's is_valid_dns: fills HDR from b[m..m+12) and says whether the header is sane. */
function validHeader(b: Uint8Array, m: number, end: number, mdnsFlow: boolean): boolean {
  if (end - m < 12) return false;
  const flags = (b[m + 2] << 8) | b[m + 3];
  const qd = (b[m + 4] << 8) | b[m + 5];
  const an = (b[m + 6] << 8) | b[m + 7];
  const ns = (b[m + 8] << 8) | b[m + 9];
  const ar = (b[m + 10] << 8) | b[m + 11];
  HDR.flags = flags;
  HDR.qd = qd;
  HDR.an = an;
  HDR.ns = ns;
  HDR.ar = ar;
  if ((flags & 0x8000) === 0) {
    return (
      qd <= MAX_COUNT &&
      ((flags & 0x2800) === 0x2800 || // dynamic update
        (flags & 0xfcf0) === 0 || // standard query
        (flags & 0xfcff) === 0x0800 || // inverse query
        (an === 0 && ns === 0))
    );
  }
  const inRange = (n: number) => n > 0 && n <= MAX_COUNT;
  if (
    (inRange(qd) || (mdnsFlow && qd === 0)) &&
    (inRange(an) || inRange(ns) || inRange(ar) || (an === 0 && ns === 0 && ar === 0))
  ) {
    return true;
  }
  // an empty reply: the bare header
  return qd === 0 && an === 0 && ns === 0 && ar === 0 && end - m === 12;
}

/**
 * The host name as nDPI reads it (ndpi_grab_dns_name): the labels from `pos`; a compression
 * pointer (relative to the message at `m`) ends the name at its target's labels; a label
 * needs a byte after it inside the packet, else the part read at that level is dropped;
 * characters outside [A-Za-z0-9_-] become '_' (printable) or '?' unless `raw` (MDNS);
 * lower case; at most 255 characters.
 */
function grabHost(b: Uint8Array, m: number, end: number, pos: number, raw: boolean, scope: LimitScope): string {
  // the characters as bytes, made into one string at the end (a string per character made
  // most of a DNS packet's garbage); each call fills HOST_BYTES from its start
  const out = HOST_BYTES;
  let n = 0;
  let level = 0; // length of the name when the current level (after a pointer) began
  let p = pos;
  let hops = 0;
  while (n < 255 && p < end && b[p] !== 0) {
    const cl = b[p];
    if ((cl & 0xc0) === 0xc0) {
      if (p + 1 >= end) return ascii(out, 0, level);
      if (++hops > scope.limits.dnsCompressionHops) break;
      if (n > 0) out[n++] = 46; // '.'
      level = n;
      p = m + (((cl & 0x3f) << 8) | b[p + 1]);
      continue;
    }
    if (p + 1 + cl >= end) return ascii(out, 0, level);
    p++;
    if (n > level) out[n++] = 46;
    for (let k = 0; k < cl && n < 255; k++) {
      let c = b[p++];
      if (!raw && !isHostChar(c)) c = c >= 0x20 && c < 0x7f ? 95 : 63;
      else if (c >= 65 && c <= 90) c |= 0x20;
      out[n++] = c;
    }
  }
  return ascii(out, 0, n);
}

/** grabHost's characters (at most 255 and one); no value outlives a call. */
const HOST_BYTES = new Uint8Array(256);

const AAAA_WORDS = new Uint32Array(4);

/** Skips the questions from `p`; returns the offset after them or -1. Records the first. */
function readQuestions(flow: Flow, b: Uint8Array, m: number, end: number, p: number, qd: number, scope: LimitScope): number {
  const meta = (flow.meta.dns ??= {});
  for (let i = 0; i < qd && p >= 0; i++) {
    const r = readName(b, m, end, p, scope, i === 0 && meta.query === undefined);
    if (r.next < 0 || r.next + 4 > end) return -1;
    if (i === 0 && meta.query === undefined) {
      meta.query = r.name;
      meta.qtype = (b[r.next] << 8) | b[r.next + 1];
      if (r.invalidChars) meta.invalidChars = true;
    }
    p = r.next + 4;
  }
  return p;
}

/** Records a response's rcode and answers (A/AAAA addresses, CNAME targets). */
function readAnswers(flow: Flow, b: Uint8Array, m: number, end: number, p: number, an: number, rcode: number, scope: LimitScope): void {
  const meta = (flow.meta.dns ??= {});
  meta.rcode = rcode;
  const answers: string[] = [];
  for (let i = 0; i < an && p >= 0 && answers.length < MAX_ANSWERS; i++) {
    const r = readName(b, m, end, p, scope, i === 0 && meta.query === undefined);
    if (r.next < 0 || r.next + 10 > end) break;
    if (i === 0 && meta.query === undefined) meta.query = r.name;
    const type = (b[r.next] << 8) | b[r.next + 1];
    const rdlen = (b[r.next + 8] << 8) | b[r.next + 9];
    const rd = r.next + 10;
    if (rd + rdlen > end) break;
    if (type === 1 && rdlen === 4) {
      answers.push(`${b[rd]}.${b[rd + 1]}.${b[rd + 2]}.${b[rd + 3]}`);
    } else if (type === 28 && rdlen === 16) {
      for (let w = 0; w < 4; w++) {
        const o = rd + 4 * w;
        AAAA_WORDS[w] = ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
      }
      answers.push(formatAddr(6, AAAA_WORDS));
    } else if (type === 5) {
      const c = readName(b, m, rd + rdlen, rd, scope);
      if (c.next >= 0) answers.push(c.name);
    }
    p = rd + rdlen;
  }
  if (answers.length > 0) meta.answers = answers;
}

/** dissectMessage's answers. */
const BAD = 0;
const ASKED = 1;
const ANSWERED = 2;

/**
 * One message at b[m..end) of a flow on the DNS ports (UDP: the datagram; TCP: the first
 * segment after the length prefix). `detected`: the flow is DNS already (nDPI's extra
 * dissection, where a bad header costs nothing). Returns BAD for a bad header, ANSWERED
 * for a response with records, else ASKED.
 */
function dissectMessage(flow: Flow, b: Uint8Array, m: number, end: number, proto: number, detected: boolean, scope: LimitScope): number {
  if (!validHeader(b, m, end, proto === MDNS)) return BAD;
  const { flags, qd, an, ns, ar } = HDR;
  const response = (flags & 0x8000) !== 0;
  if (!detected) {
    // the first name of the message (a question, else an answer's owner)
    const host = qd === 0 && an === 0 ? '' : grabHost(b, m, end, m + 12, proto === MDNS, scope);
    if (host !== '' && flow.host === '') flow.host = host.length > MAX_HOST ? host.slice(-MAX_HOST) : host;
    applyHostService(flow, proto);
  }
  const p = readQuestions(flow, b, m, end, m + 12, qd, scope);
  if (!response) return ASKED;
  readAnswers(flow, b, m, end, p, an, flags & 0xf, scope);
  return an + ns + ar !== 0 ? ANSWERED : ASKED;
}

export const dns: Dissector = {
  name: 'DNS',
  transports: [17, 6],
  ports: [DNS_PORT, MDNS_PORT, LLMNR_PORT],
  // no DNS port, no DNS; shorter than a header (after TCP's length prefix), no DNS
  pre: { tcp: { ports: [DNS_PORT, MDNS_PORT, LLMNR_PORT], minLen: 14 }, udp: { ports: [DNS_PORT, MDNS_PORT, LLMNR_PORT], minLen: 12 } },
  dissect(inp: DissectInput): Verdict {
    const { data, off, len, sport, dport, flow } = inp;
    const tcp = inp.transport === 6;
    const proto = inp.dir === 0 ? flowProto(sport, dport) : flowProto(dport, sport);
    const st = states.peek(flow);
    const detected = st !== undefined;
    if (!detected) {
      if (!tcp && ((dport === MDNS_PORT && !toGroup(inp, false)) || (dport === LLMNR_PORT && !toGroup(inp, true)))) {
        // a unicast packet to the multicast ports must be a bare response
        if (len > 5 && ((data[off + 2] << 8) | data[off + 3]) !== 0 && ((data[off + 4] << 8) | data[off + 5]) !== 0) {
          return Verdict.No;
        }
      }
      if (!(sport === DNS_PORT || dport === DNS_PORT || sport === MDNS_PORT || dport === MDNS_PORT || dport === LLMNR_PORT)) {
        return Verdict.No;
      }
      const base = tcp ? 2 : 0;
      if (len < 12 + base) return Verdict.No;
      const r = dissectMessage(flow, data, off + base, off + len, proto, false, inp.ctx ?? ALONE);
      if (r === BAD) return Verdict.No;
      const s = states.get(flow);
      s.answered = r === ANSWERED;
      if (tcp) s.tcpDone |= 1 << inp.dir;
      return afterVerdict(flow, s);
    }
    // extra dissection: every new packet is read as a message; a bad one changes nothing
    st.extra++;
    let r = BAD;
    if (!tcp) r = dissectMessage(flow, data, off, off + len, proto, true, inp.ctx ?? ALONE);
    else if ((st.tcpDone & (1 << inp.dir)) === 0) {
      st.tcpDone |= 1 << inp.dir;
      r = dissectMessage(flow, data, off + 2, off + len, proto, true, inp.ctx ?? ALONE);
    }
    if (r === ANSWERED) st.answered = true;
    return afterVerdict(flow, st);
  },
};

/** Yes once a response with records came (or LLMNR, or the extra packets ran out), else YesMore. */
function afterVerdict(flow: Flow, st: DnsState): Verdict {
  const done =
    st.answered ||
    st.extra >= MAX_EXTRA ||
    flow.l7App === LLMNR ||
    flow.l7Master === LLMNR;
  if (done) states.drop(flow);
  return done ? Verdict.Yes : Verdict.YesMore;
}
