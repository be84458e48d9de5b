/**
 * DNS risks found in each DNS message of a flow, as nDPI's DNS dissector finds them while
 * it looks at the flow (the first message, then up to five more until a response with
 * records): a header that is not DNS after DNS was seen, question names over 253 bytes or
 * cut short (Malformed Packet), characters that cannot be in a name, a first label over 48
 * characters (Susp DNS Traffic), records with a zero TTL (Minor Issues), error codes,
 * responses over 512 bytes beyond the EDNS(0) size (Large DNS Packet) and messages that came
 * in IP fragments (Fragmented DNS Message). The bytes are read as the packet passes; a small
 * per-flow state (messages seen) is kept by the run, not by the flow.
 */
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

/** nDPI's bound on the record counts of a plausible message. */
const MAX_RECORDS = 48;
const DNS_PORT = 53;
const MDNS_PORT = 5353;
const LLMNR_PORT = 5355;
/** The messages looked at per flow: the first, then five more (nDPI's extra dissection). */
const MAX_MESSAGES = 6;

export interface DnsFlowState {
  messages: number;
  /** A valid DNS message was seen. */
  valid: boolean;
  /** A response with records was seen: nothing more to look at. */
  done: boolean;
}

const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
/** Names whose long first label is normal (DNS blocklists, CDNs). */
const LONG_LABEL_OK = ['multi.surbl.org', 'spamhaus.org', 'rackcdn.com', 'akamaiedge.net', 'mx-verification.google.com', 'amazonaws.com'];

/** The DNS ports nDPI looks for DNS on (the destination only, for LLMNR). */
export function dnsPorts(sport: number, dport: number): boolean {
  return sport === DNS_PORT || dport === DNS_PORT || sport === MDNS_PORT || dport === MDNS_PORT || dport === LLMNR_PORT;
}

/** Bytes of an encoded name at `p` up to its terminator or first pointer (0 when cut short). */
function nameLength(b: Uint8Array, p: number, end: number): number {
  let n = 0;
  while (p < end) {
    const l = b[p];
    if (l === 0) return n + 1;
    if ((l & 0xc0) === 0xc0) return p + 1 < end ? n + 2 : 0;
    n += l + 1;
    p += l + 1;
  }
  return 0;
}

/** A record count a plausible message may have (nDPI's bound). */
function inRange(n: number): boolean {
  return n > 0 && n <= MAX_RECORDS;
}

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
}

/**
 * One message: `b[off..off+len)` is the UDP payload, or the TCP segment (then with its 2-byte
 * length prefix). `state` is the flow's, created by the caller on its first DNS packet.
 */
export function dnsMessage(flow: Flow, state: DnsFlowState, tcp: boolean, srcPort: number, dstPort: number, b: Uint8Array, off: number, len: number, fragmented: boolean): void {
  if (state.done || state.messages >= MAX_MESSAGES) return;
  state.messages++;
  const base = off + (tcp ? 2 : 0);
  const end = off + len;
  if (end - base < 12) return;
  const flags = (b[base + 2] << 8) | b[base + 3];
  const qd = (b[base + 4] << 8) | b[base + 5];
  const an = (b[base + 6] << 8) | b[base + 7];
  const ns = (b[base + 8] << 8) | b[base + 9];
  const ar = (b[base + 10] << 8) | b[base + 11];
  const query = (flags & 0x8000) === 0;
  const mdns = srcPort === MDNS_PORT || dstPort === MDNS_PORT;
  const valid = query
    ? qd <= MAX_RECORDS && ((flags & 0x2800) === 0x2800 || (flags & 0xfcf0) === 0 || (flags & 0xfcff) === 0x0800 || (an === 0 && ns === 0))
    : (inRange(qd) || (mdns && qd === 0)) && (inRange(an) || inRange(ns) || inRange(ar) || (an === 0 && ns === 0 && ar === 0));
  if (!valid) {
    if (state.valid) setRisk(flow, RISK.MALFORMED_PACKET, 'Invalid DNS Header');
    return;
  }
  state.valid = true;
  if (qd > 0 || an > 0) questionName(flow, b, base + 12, end, mdns);
  if (!query && (flags & 0x0f) !== 0) {
    const rc = flags & 0x0f;
    setRisk(flow, RISK.ERROR_CODE_DETECTED, `DNS Error Code ${RCODE_NAMES[rc] ?? String(rc)}`);
  }
  // questions
  let x = base + 12;
  let ok = true;
  for (let i = 0; i < qd; i++) {
    const n = nameLength(b, x, end);
    // a name cut short, over 253 bytes, or a question type of 0
    if (n === 0) {
      setRisk(flow, RISK.MALFORMED_PACKET, 'Invalid DNS Query Lenght');
      ok = false;
      break;
    }
    x += n;
    if (n > 253 || (x + 2 <= end && b[x] === 0 && b[x + 1] === 0)) setRisk(flow, RISK.MALFORMED_PACKET, 'Invalid DNS Query Lenght');
    if (x + 4 > end) {
      setRisk(flow, RISK.MALFORMED_PACKET, 'Invalid DNS Query Lenght');
      ok = false;
      break;
    }
    x += 4;
  }
  // answers: zero TTLs
  for (let i = 0; ok && i < an; i++) {
    const n = nameLength(b, x, end);
    if (n === 0 || x + n + 8 >= end) {
      ok = false;
      break;
    }
    x += n;
    const ttl = ((b[x + 4] << 24) | (b[x + 5] << 16) | (b[x + 6] << 8) | b[x + 7]) >>> 0;
    // (mDNS announces a record's end with a zero TTL: normal there)
    if (ttl === 0 && !mdns) setRisk(flow, RISK.MINOR_ISSUES, 'DNS Record with zero TTL');
    if (x + 10 > end) {
      ok = false;
      break;
    }
    x += 10 + ((b[x + 8] << 8) | b[x + 9]);
  }
  // authority records skipped, then the EDNS(0) size of an OPT record
  let edns = 0;
  if (ok && ar > 0) {
    for (let i = 0; ok && i < ns; i++) {
      const n = nameLength(b, x, end);
      if (n === 0 || x + n + 10 > end) ok = false;
      else x += n + 10 + ((b[x + n + 8] << 8) | b[x + n + 9]);
    }
    for (let i = 0; ok && i < ar; i++) {
      const n = nameLength(b, x, end);
      if (n === 0 || x + n + 10 > end) break;
      const type = (b[x + n] << 8) | b[x + n + 1];
      if (type === 41) edns = (b[x + n + 2] << 8) | b[x + n + 3];
      x += n + 10 + ((b[x + n + 8] << 8) | b[x + n + 9]);
    }
  }
  if (!query) {
    const dnsMaster = !mdns && srcPort !== LLMNR_PORT && dstPort !== LLMNR_PORT;
    const size = len;
    if (dnsMaster && !tcp && size > 512 && size > edns) setRisk(flow, RISK.DNS_LARGE_PACKET, `${size} Bytes DNS Packet`);
    if (an + ns + ar > 0) state.done = true;
  }
  if (fragmented && !mdns) setRisk(flow, RISK.DNS_FRAGMENTED);
}

/**
 * The first question's name: invalid characters, a long first label. The name is read
 * without making its text; the text (questionText) is made only for a first label over 48
 * characters, whose risk depends on how the name ends.
 */
function questionName(flow: Flow, b: Uint8Array, p: number, end: number, mdns: boolean): void {
  const start = p;
  let valid = true;
  // the text's length as questionText makes it (one character a byte, a dot between labels)
  let textLen = 0;
  let firstDot = -1;
  while (p < end && b[p] !== 0 && textLen < 255) {
    const l = b[p++];
    if ((l & 0xc0) !== 0 || p + l >= end) {
      // (no text: questionText gives '')
      firstDot = -1;
      break;
    }
    if (textLen > 0) {
      if (firstDot < 0) firstDot = textLen;
      textLen++;
    }
    for (let i = 0; i < l; i++) {
      const c = b[p++];
      if ((c < 0x20 || c > 0x7e) && !isNameChar(c)) valid = false;
    }
    textLen += l;
  }
  // mDNS names are free text (service instance names): nDPI does not check them
  if (mdns) return;
  if (!valid) setRisk(flow, RISK.INVALID_CHARACTERS, 'Invalid chars detected in domain name');
  if (firstDot <= 48) return;
  const name = questionText(b, start, end);
  if (name.includes('.in-addr.')) return;
  if (!LONG_LABEL_OK.some((s) => name.endsWith(s))) setRisk(flow, RISK.DNS_SUSPICIOUS_TRAFFIC, 'Long DNS host name');
}

/** The first question's name as text: lower case, '_' for a character a name cannot have,
 * '?' for a byte that is not printable; '' when cut short or compressed. */
function questionText(b: Uint8Array, p: number, end: number): string {
  let name = '';
  while (p < end && b[p] !== 0 && name.length < 255) {
    const l = b[p++];
    if ((l & 0xc0) !== 0 || p + l >= end) {
      name = '';
      break;
    }
    if (name.length > 0) name += '.';
    for (let i = 0; i < l; i++) {
      const c = b[p++];
      if (isNameChar(c)) name += String.fromCharCode(c).toLowerCase();
      else name += c < 0x20 || c > 0x7e ? '?' : '_';
    }
  }
  return name;
}
