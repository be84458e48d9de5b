/**
 * PPP (RFC 1661): optional FF 03 address/control (RFC 1662), then a 1- or 2-byte protocol
 * (odd first byte = compressed). Used by DLT_PPP, PPPoE and PPTP's GRE.
 */
import { DecodeState, Next, bad } from './state.js';
import { mpls } from './ethernet.js';
import { ipv4 } from './ipv4.js';
import { ipv6 } from './ipv6.js';

export function ppp(s: DecodeState): Next {
  const b = s.buf;
  let o = s.off;
  if (s.end - o >= 2 && b[o] === 0xff && b[o + 1] === 0x03) o += 2;
  if (o >= s.end) return bad(s, 'truncated-ppp');
  let proto: number;
  if (b[o] & 1) {
    proto = b[o];
    o += 1;
  } else {
    if (s.end - o < 2) return bad(s, 'truncated-ppp');
    proto = (b[o] << 8) | b[o + 1];
    o += 2;
  }
  s.off = o;
  switch (proto) {
    case 0x21:
      return ipv4(s);
    case 0x57:
      return ipv6(s);
    case 0x281:
    case 0x283:
      return mpls(s);
    default:
      return Next.NonIp;
  }
}
