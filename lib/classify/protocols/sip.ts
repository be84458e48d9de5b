import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { startsWith, startsWithLower } from '../bytes.js';
import { digits, setOther, setProto, text } from './dissect-kit.js';

/**
 * SIP (RFC 3261) over UDP or TCP: a request line "METHOD <uri> SIP/2.0" with a known
 * method, or a status line "SIP/2.0 NNN …". Keep-alives (CRLFs) wait for the next
 * message. Metadata (full and compact header names): sip.method or sip.status,
 * sip.from, sip.to, sip.call_id, sip.user_agent.
 */
const SIP = protocolId('SIP');
const METHODS = [
  'INVITE', 'REGISTER', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'NOTIFY', 'SUBSCRIBE', 'PUBLISH', 'MESSAGE', 'INFO',
  'PRACK', 'UPDATE', 'REFER',
];
/** [full name, compact form, metadata key] */
const HEADERS: readonly (readonly [string, string, string])[] = [
  ['from', 'f', 'sip.from'],
  ['to', 't', 'sip.to'],
  ['call-id', 'i', 'sip.call_id'],
  ['user-agent', '', 'sip.user_agent'],
];
const MAX_HEADERS = 48;

function lineEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end && b[i] !== 10) i++;
  return i;
}

/** Length of the request line's method when it is a SIP request line, else 0. */
function requestMethod(b: Uint8Array, o: number, e: number): number {
  for (const m of METHODS) {
    if (startsWith(b, o, e, m) && b[o + m.length] === 0x20) {
      // ends with " SIP/2.0"
      let le = e;
      if (le > o && b[le - 1] === 13) le--;
      if (le - o > m.length + 8 && startsWith(b, le - 8, le, ' SIP/2.0')) return m.length;
      return 0;
    }
  }
  return 0;
}

export const sip: Dissector = {
  name: 'SIP',
  transports: [17, 6],
  ports: [5060, 5061],
  // UDP: CR/LF keep-alives, "SIP/2.0 " or a method first (TCP waits on an incomplete first line)
  pre: { udp: { bytes: [0x0d, 0x0a, ...new Set(['SIP/2.0 ', ...METHODS].map((m) => m.charCodeAt(0)))] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const end = o + inp.len;
    let i = o;
    while (i < end && (b[i] === 13 || b[i] === 10)) i++; // keep-alives
    if (i === end) return inp.packetIndex < 4 ? Verdict.More : Verdict.No;
    const first = lineEnd(b, i, end);
    if (first >= end) {
      // TCP: the first line is not complete yet
      return inp.transport === 6 && end - i < 256 && inp.packetIndex < 4 ? Verdict.More : Verdict.No;
    }
    const flow = inp.flow;
    let method = '';
    let status = -1;
    if (startsWith(b, i, first, 'SIP/2.0 ')) {
      status = digits(b, i + 8, 3, first);
      if (status < 100 || status > 699) return Verdict.No;
    } else {
      const n = requestMethod(b, i, first);
      if (n === 0) return Verdict.No;
      method = text(b, i, i + n);
    }
    setProto(flow, 0, SIP);
    if (method !== '') setOther(flow, 'sip.method', method);
    else setOther(flow, 'sip.status', status);
    let p = first + 1;
    for (let h = 0; h < MAX_HEADERS && p < end; h++) {
      const le = lineEnd(b, p, end);
      const e = le > p && b[le - 1] === 13 ? le - 1 : le;
      if (e === p) break;
      let colon = p;
      while (colon < e && b[colon] !== 0x3a) colon++;
      if (colon < e) {
        let nameEnd = colon;
        while (nameEnd > p && b[nameEnd - 1] === 0x20) nameEnd--;
        const n = nameEnd - p;
        for (const [full, compact, key] of HEADERS) {
          if ((n === full.length && startsWithLower(b, p, nameEnd, full)) || (compact !== '' && n === 1 && startsWithLower(b, p, nameEnd, compact))) {
            let v = colon + 1;
            while (v < e && b[v] === 0x20) v++;
            setOther(flow, key, text(b, v, e));
            break;
          }
        }
      }
      p = le + 1;
    }
    return Verdict.Yes;
  },
};
