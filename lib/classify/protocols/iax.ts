import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

/**
 * IAX2 (RFC 5456, Asterisk's Inter-Asterisk eXchange) over UDP port 4569, following
 * nDPI's iax.c: a full frame (high bit of byte 0) with outbound sequence 0, inbound
 * sequence 0 or 1, frame type 6 (IAX control) and a subclass up to 15, either exactly 12
 * bytes or followed by information elements (type, length, value; up to 15) that fill the
 * datagram exactly. The first datagram decides.
 */
const IAX = protocolId('IAX');
const PORT = 4569;
const MAX_IES = 15;

export const iax: Dissector = {
  name: 'IAX',
  transports: [17],
  ports: [PORT],
  // its first check answers No on any other port: never tried on other flows
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if ((inp.sport !== PORT && inp.dport !== PORT) || n < 12) return Verdict.No;
    if ((b[o] & 0x80) === 0 || b[o + 8] !== 0 || b[o + 9] > 1 || b[o + 10] !== 0x06 || b[o + 11] > 15) return Verdict.No;
    let ok = n === 12;
    for (let p = 12, k = 0; !ok && k < MAX_IES && p + 1 < n; k++) {
      p += 2 + b[o + p + 1];
      if (p === n) ok = true;
      else if (p > n) break;
    }
    if (!ok) return Verdict.No;
    setProto(inp.flow, 0, IAX);
    return Verdict.Yes;
  },
};
