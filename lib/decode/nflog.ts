/**
 * Linux NFLOG (link type 239, nfnetlink_log as libpcap writes it): a 4-byte header — address
 * family (AF_INET 2, AF_INET6 10), version (0), resource id (the log group, big-endian) —
 * then TLV attributes: a 16-bit length (counting its 4-byte TLV header, not the padding to
 * the next 4-byte boundary) and a 16-bit type, both in the byte order of the host that
 * captured. NFULA_PAYLOAD (type 9) carries the IP datagram; the family says which IP.
 */
import { DecodeState, Next, bad } from './state.js';
import { ipv4 } from './ipv4.js';
import { ipv6 } from './ipv6.js';

const AF_INET = 2;
const AF_INET6 = 10;
const NFULA_PAYLOAD = 9;
/** Netlink attribute types carry two flag bits (nested, network byte order) above these. */
const NLA_TYPE_MASK = 0x3fff;

export function nflog(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const end = s.end;
  if (end - o < 4) return bad(s, 'truncated-nflog');
  const family = b[o];
  // The TLV fields are in the capturing host's byte order, which the record does not name:
  // little-endian (nearly every Linux host) unless the first length only makes sense
  // big-endian.
  let le = true;
  if (end - o >= 8) {
    const lenLe = b[o + 4] | (b[o + 5] << 8);
    const lenBe = (b[o + 4] << 8) | b[o + 5];
    if ((lenLe < 4 || lenLe > end - o - 4) && lenBe >= 4 && lenBe <= end - o - 4) le = false;
  }
  let p = o + 4;
  while (p < end) {
    if (end - p < 4) return bad(s, 'truncated-nflog');
    const len = le ? b[p] | (b[p + 1] << 8) : (b[p] << 8) | b[p + 1];
    const type = (le ? b[p + 2] | (b[p + 3] << 8) : (b[p + 2] << 8) | b[p + 3]) & NLA_TYPE_MASK;
    if (len < 4) return bad(s, 'nflog-bad-tlv-length');
    let tlvEnd = p + len;
    if (tlvEnd > end) {
      // A snap length cut may end the record inside the payload attribute.
      if (!s.snapped) return bad(s, 'nflog-bad-tlv-length');
      tlvEnd = end;
    }
    if (type === NFULA_PAYLOAD) {
      s.off = p + 4;
      s.end = tlvEnd;
      if (family === AF_INET) return ipv4(s);
      if (family === AF_INET6) return ipv6(s);
      return Next.NonIp;
    }
    p += (len + 3) & ~3;
  }
  // A log message without the packet (or of another family's event): no IP to read.
  return Next.NonIp;
}
