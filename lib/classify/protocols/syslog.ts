import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

/**
 * Syslog (RFC 3164 / 5424) over UDP or TCP, any port, nDPI's test on the first payload:
 * more than 20 bytes, "<PRI>" with 1–3 digits, an optional space, then an alphanumeric
 * host/tag/version token ended by ' ', ':', '=', '[' or '-' (a ':' must be followed by a
 * space). Metadata: facility and severity from PRI.
 */
const SYSLOG = protocolId('Syslog');

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export const syslog: Dissector = {
  name: 'Syslog',
  transports: [17, 6],
  ports: [514, 601, 6514],
  pre: { tcp: { minLen: 21, bytes: [0x3c] }, udp: { minLen: 21, bytes: [0x3c] } }, // '<'
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const len = inp.len;
    if (len <= 20 || b[o] !== 0x3c /* < */) return Verdict.No;
    let i = 1;
    let pri = 0;
    for (; i <= 3; i++) {
      const c = b[o + i];
      if (c < 48 || c > 57) break;
      pri = pri * 10 + (c - 48);
    }
    if (b[o + i] !== 0x3e /* > */) return Verdict.No;
    i++;
    if (b[o + i] === 0x20) i++;
    for (; i < len - 1; i++) {
      const c = b[o + i];
      if (isAlnum(c)) continue;
      if (c === 0x20 || c === 0x3a || c === 0x3d || c === 0x5b || c === 0x2d) break;
      return Verdict.No;
    }
    if (b[o + i] === 0x3a && (i + 1 >= len || b[o + i + 1] !== 0x20)) return Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, SYSLOG);
    setOther(flow, 'syslog.facility', pri >> 3);
    setOther(flow, 'syslog.severity', pri & 7);
    return Verdict.Yes;
  },
};
