/**
 * IEEE 802.11 data frames (from CAPWAP or DLT 105): MAC header, then LLC/SNAP with an
 * ethertype. Management/control, null-data and protected (encrypted) frames carry no IP.
 */
import { DecodeState, Next, bad } from './state.js';
import { etherType } from './ethernet.js';

export function wifi(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 24) return bad(s, 'truncated-ieee80211');
  let fc0 = b[o];
  let fc1 = b[o + 1];
  if ((fc0 & 0x03) !== 0 && (fc1 & 0x03) === 0) {
    // Protocol version must be 0: this is a byte-swapped frame control (Cisco CAPWAP does so).
    const t = fc0;
    fc0 = fc1;
    fc1 = t;
  }
  if (((fc0 >> 2) & 0x3) !== 2) return Next.NonIp; // not a data frame
  const subtype = fc0 >> 4;
  if (subtype & 0x4) return Next.NonIp; // no data
  if (fc1 & 0x40) return Next.NonIp; // protected
  let hl = 24;
  if ((fc1 & 0x03) === 0x03) hl += 6; // to-DS and from-DS: a fourth address
  if (subtype & 0x8) {
    hl += 2; // QoS control
    if (fc1 & 0x80) hl += 4; // +HTC
  }
  if (avail < hl + 8) return bad(s, 'truncated-ieee80211');
  const p = o + hl;
  // LLC/SNAP: AA AA 03, OUI 00-00-00 (RFC 1042) or 00-00-F8 (bridge tunnel).
  if (b[p] !== 0xaa || b[p + 1] !== 0xaa || b[p + 2] !== 0x03) return Next.NonIp;
  if (b[p + 3] !== 0 || b[p + 4] !== 0 || (b[p + 5] !== 0 && b[p + 5] !== 0xf8)) return Next.NonIp;
  s.etherType = (b[p + 6] << 8) | b[p + 7];
  s.off = p + 8;
  return etherType(s);
}
