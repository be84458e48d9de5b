/**
 * DNS (RFC 1035), MDNS (RFC 6762) and LLMNR (RFC 4795): one wire format, told apart by port.
 * UDP: one message per datagram; TCP: a 2-byte length prefix (RFC 1035 §4.2.2).
 * Metadata: first query name, type, rcode, answers (A/AAAA as text, CNAME targets).
 * A query is YesMore (the response follows); a response is Yes.
 */
import { formatAddr, type Flow } from '../../flow/flow.js';
import { applyHostService } from '../service.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { DISSECT_LIMITS, limitHit } from '../../limits.js';

const DNS = protocolId('DNS');
const MDNS = protocolId('MDNS');
const LLMNR = protocolId('LLMNR');

/** Most answers kept per response. */
const MAX_ANSWERS = 32;
/** Most questions / records accepted in a header (nDPI uses 16 as a sanity bound). */
const MAX_COUNT = 16;

/** Problems met while parsing (process-wide counters, for reports and tests). */
export const dnsStats = {
  /** Names that were cut, too long, or whose pointers looped. */
  badNames: 0,
};

/** The result of readName: the text, and where the record continues (-1: error). */
export interface NameResult {
  name: string;
  next: number;
  invalidChars: boolean;
}

/**
 * Reads a possibly compressed name at `pos` of the message b[msg..end).
 * Never loops: at most DISSECT_LIMITS.dnsCompressionHops pointers (a loop ends there) and
 * dnsNameLength characters (RFC 1035: 255 octets on the wire); each stop is a limit hit.
 */
export function readName(b: Uint8Array, msg: number, end: number, pos: number): NameResult {
  let name = '';
  let next = -1;
  let hops = 0;
  let invalid = false;
  let p = pos;
  for (;;) {
    if (p >= end) return fail(name, invalid);
    const c = b[p];
    if (c === 0) {
      if (next < 0) next = p + 1;
      break;
    }
    if ((c & 0xc0) === 0xc0) {
      if (p + 1 >= end) return fail(name, invalid);
      if (next < 0) next = p + 2;
      if (++hops > DISSECT_LIMITS.dnsCompressionHops) {
        limitHit('dns-compression-hops');
        return fail(name, invalid);
      }
      const target = msg + (((c & 0x3f) << 8) | b[p + 1]);
      if (target >= end) return fail(name, invalid);
      p = target;
      continue;
    }
    if ((c & 0xc0) !== 0) return fail(name, invalid); // 0x40/0x80: unused label types
    if (p + 1 + c > end) return fail(name, invalid);
    if (name.length + c + 1 > DISSECT_LIMITS.dnsNameLength) {
      limitHit('dns-name-length');
      return fail(name, invalid);
    }
    if (name.length > 0) name += '.';
    for (let i = p + 1; i <= p + c; i++) {
      const ch = b[i];
      if (!isHostChar(ch)) invalid = true;
      name += String.fromCharCode(ch);
    }
    p += 1 + c;
  }
  return { name, next, invalidChars: invalid };
}

function fail(name: string, invalid: boolean): NameResult {
  dnsStats.badNames++;
  return { name, next: -1, invalidChars: invalid };
}

/** Letters, digits, '-', '_' (service labels) are what host names carry. */
function isHostChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 45 || c === 95;
}

/** The protocol by port: MDNS 5353/5354, LLMNR 5355, else DNS. */
function masterByPort(sport: number, dport: number): number {
  if (sport === 5353 || dport === 5353 || sport === 5354 || dport === 5354) return MDNS;
  if (sport === 5355 || dport === 5355) return LLMNR;
  return DNS;
}

const AAAA_WORDS = new Uint32Array(4);

/**
 * Parses one DNS message b[m..end) into the flow. Returns No when it is not DNS, else
 * YesMore for a query and Yes for a response.
 */
export function parseDnsMessage(flow: Flow, b: Uint8Array, m: number, end: number, master: number): Verdict {
  if (end - m < 12) return Verdict.No;
  const flags = (b[m + 2] << 8) | b[m + 3];
  const qd = (b[m + 4] << 8) | b[m + 5];
  const an = (b[m + 6] << 8) | b[m + 7];
  const ns = (b[m + 8] << 8) | b[m + 9];
  const isResponse = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  if (opcode !== 0 && opcode !== 1 && opcode !== 2 && opcode !== 4 && opcode !== 5) return Verdict.No;
  if (qd > MAX_COUNT) return Verdict.No;
  if (!isResponse) {
    // a query asks something; MDNS queries may carry known answers
    if (qd === 0) return Verdict.No;
    if (master !== MDNS && (an > MAX_COUNT || ns > MAX_COUNT)) return Verdict.No;
  } else if (qd === 0 && an === 0) {
    if (master !== MDNS) return Verdict.No;
  }

  let p = m + 12;
  let query = '';
  let qtype = -1;
  let invalid = false;
  if (qd > 0) {
    const q = readName(b, m, end, p);
    if (q.next < 0 || q.next + 4 > end) return Verdict.No;
    query = q.name;
    invalid = q.invalidChars;
    qtype = (b[q.next] << 8) | b[q.next + 1];
    p = q.next + 4;
    // skip the other questions
    for (let i = 1; i < qd && p >= 0; i++) {
      const r = readName(b, m, end, p);
      p = r.next < 0 || r.next + 4 > end ? -1 : r.next + 4;
    }
  }

  const meta = (flow.meta.dns ??= {});
  if (query !== '' || meta.query === undefined) {
    if (qd > 0) {
      meta.query = query;
      meta.qtype = qtype;
    }
    if (invalid) meta.invalidChars = true;
  }

  if (isResponse) {
    meta.rcode = flags & 0xf;
    const answers: string[] = [];
    for (let i = 0; i < an && p >= 0 && answers.length < MAX_ANSWERS; i++) {
      const r = readName(b, m, end, p);
      if (r.next < 0 || r.next + 10 > end) break;
      if (qd === 0 && i === 0 && meta.query === undefined) meta.query = r.name;
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
        const c = readName(b, m, rd + rdlen, rd);
        if (c.next >= 0) answers.push(c.name);
      }
      p = rd + rdlen;
    }
    if (answers.length > 0) meta.answers = answers;
  }

  // nDPI normalises the host name to lower case (capwap.pcap: CISCO-CAPWAP-CONTROLLER)
  if (flow.host === '' && meta.query) flow.host = meta.query.toLowerCase();
  applyHostService(flow, master);
  return isResponse ? Verdict.Yes : Verdict.YesMore;
}

export const dns: Dissector = {
  name: 'DNS',
  transports: [17, 6],
  ports: [53, 5353, 5354, 5355],
  dissect(inp: DissectInput): Verdict {
    const { data, off, len } = inp;
    const master = masterByPort(inp.sport, inp.dport);
    if (inp.transport === 17) {
      // off the DNS ports (tunnels, resolvers hidden from policy) only a strict-looking message counts
      if (!onDnsPort(inp.sport, inp.dport) && !strictLooking(data, off, off + len)) return Verdict.No;
      return parseDnsMessage(inp.flow, data, off, off + len, master);
    }
    if (!onDnsPort(inp.sport, inp.dport)) return Verdict.No;
    // TCP: the first message of this direction's stream, after its length prefix
    if (len < 2) return Verdict.More;
    const mlen = (data[off] << 8) | data[off + 1];
    if (mlen < 12) return Verdict.No;
    if (len < 2 + mlen) {
      // wait for the whole message, but only while the header looks like DNS
      return len >= 14 && parseHeaderOnly(data, off + 2) ? Verdict.More : len >= 14 ? Verdict.No : Verdict.More;
    }
    return parseDnsMessage(inp.flow, data, off + 2, off + 2 + mlen, master);
  },
};

function onDnsPort(sport: number, dport: number): boolean {
  return sport === 53 || dport === 53 || sport === 5353 || dport === 5353 || sport === 5354 || dport === 5354 || sport === 5355 || dport === 5355;
}

/**
 * A DNS message off its ports: one question of class IN, a standard query without records
 * (EDNS's one OPT record allowed) or a response with a sane rcode, and a name made of
 * plain labels that ends exactly where the question's type and class fit.
 */
function strictLooking(b: Uint8Array, m: number, end: number): boolean {
  if (end - m < 17) return false;
  const flags = (b[m + 2] << 8) | b[m + 3];
  const qd = (b[m + 4] << 8) | b[m + 5];
  const an = (b[m + 6] << 8) | b[m + 7];
  const ns = (b[m + 8] << 8) | b[m + 9];
  const ar = (b[m + 10] << 8) | b[m + 11];
  if (qd !== 1 || ((flags >> 11) & 0xf) !== 0 || (flags & 0x0040) !== 0) return false;
  const response = (flags & 0x8000) !== 0;
  if (!response && (an !== 0 || ns !== 0 || ar > 1)) return false;
  if (response && ((flags & 0xf) > 5 || an > 64)) return false;
  let p = m + 12;
  let labels = 0;
  while (p < end && b[p] !== 0) {
    const l = b[p];
    if (l > 63 || p + 1 + l >= end) return false;
    for (let i = p + 1; i <= p + l; i++) {
      const c = b[i];
      const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
      if (!ok) return false;
    }
    p += 1 + l;
    labels++;
  }
  if (labels === 0 || p + 5 > end) return false;
  const qclass = (b[p + 3] << 8) | b[p + 4];
  return (qclass & 0x7fff) === 1 && (response || p + 5 === end || ar === 1);
}

/** A quick header sanity check for a TCP message still arriving. */
function parseHeaderOnly(b: Uint8Array, m: number): boolean {
  const flags = (b[m + 2] << 8) | b[m + 3];
  const opcode = (flags >> 11) & 0xf;
  const qd = (b[m + 4] << 8) | b[m + 5];
  return (opcode === 0 || opcode === 1 || opcode === 2 || opcode === 4 || opcode === 5) && qd <= MAX_COUNT;
}
