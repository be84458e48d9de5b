/**
 * Link layers: where the record's bytes start, by pcap link type
 * (https://www.tcpdump.org/linktypes.html).
 */
import { DecodeState, Next, bad } from './state.js';
import { etherType, ethernet } from './ethernet.js';
import { ipv4 } from './ipv4.js';
import { ipv6 } from './ipv6.js';
import { ppp } from './ppp.js';
import { wifi } from './wifi.js';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_PPP = 9;
export const LINKTYPE_RAW_12 = 12;
export const LINKTYPE_RAW_14 = 14;
export const LINKTYPE_PPP_HDLC = 50;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_C_HDLC = 104;
export const LINKTYPE_IEEE802_11 = 105;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_PPI = 192;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

/** Returned for a link type this decoder does not know. */
export const LINK_UNSUPPORTED = -1;

/**
 * Decode the record from its link header on; LINK_UNSUPPORTED when the link type is unknown
 * (nothing is counted then).
 */
export function linkLayer(s: DecodeState, linktype: number): Next | -1 {
  switch (linktype) {
    case LINKTYPE_ETHERNET:
      return ethernet(s);
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_12:
    case LINKTYPE_RAW_14:
      return rawIp(s);
    case LINKTYPE_IPV4:
      return ipv4(s);
    case LINKTYPE_IPV6:
      return ipv6(s);
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
      return loopback(s);
    case LINKTYPE_LINUX_SLL:
      return sll(s);
    case LINKTYPE_LINUX_SLL2:
      return sll2(s);
    case LINKTYPE_PPP:
    case LINKTYPE_PPP_HDLC:
      // RFC 1662 framing starts FF 03; Cisco HDLC (RFC 1547) starts 0F/8F 00. Routers'
      // captures often label Cisco HDLC as DLT_PPP (nDPI's reader decodes DLT_PPP as Cisco
      // HDLC); a PPP protocol field cannot start 0F 00 / 8F 00 (a compressed one-byte
      // protocol 0x0F/0x8F is unassigned), so the two framings are told apart safely.
      if (s.end - s.off >= 2 && (s.buf[s.off] & 0x7f) === 0x0f && s.buf[s.off + 1] === 0) return cHdlc(s);
      return ppp(s);
    case LINKTYPE_C_HDLC:
      return cHdlc(s);
    case LINKTYPE_IEEE802_11:
      return wifi(s);
    case LINKTYPE_PPI:
      return ppi(s);
    default:
      return LINK_UNSUPPORTED;
  }
}

/**
 * BSD loopback: a 4-byte address family, in the capturing host's byte order (NULL) or
 * network order (LOOP); accept either. AF_INET is 2; AF_INET6 is 24, 28 or 30 by OS.
 */
function loopback(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  if (s.end - o < 4) return bad(s, 'truncated-loopback');
  let af: number;
  if (b[o + 1] === 0 && b[o + 2] === 0 && b[o + 3] === 0) af = b[o];
  else if (b[o] === 0 && b[o + 1] === 0 && b[o + 2] === 0) af = b[o + 3];
  else return Next.NonIp;
  s.off = o + 4;
  if (af === 2) return ipv4(s);
  if (af === 24 || af === 28 || af === 30) return ipv6(s);
  return Next.NonIp;
}

/** Linux cooked capture v1: 16 bytes, protocol (an ethertype for IP) in the last two. */
function sll(s: DecodeState): Next {
  const o = s.off;
  if (s.end - o < 16) return bad(s, 'truncated-linux-sll');
  return cooked(s, (s.buf[o + 2] << 8) | s.buf[o + 3], (s.buf[o + 14] << 8) | s.buf[o + 15], o + 16);
}

/** Linux cooked capture v2: 20 bytes, protocol first, ARPHRD type at 8. */
function sll2(s: DecodeState): Next {
  const o = s.off;
  if (s.end - o < 20) return bad(s, 'truncated-linux-sll2');
  return cooked(s, (s.buf[o + 8] << 8) | s.buf[o + 9], (s.buf[o] << 8) | s.buf[o + 1], o + 20);
}

const ARPHRD_NETLINK = 824;

function cooked(s: DecodeState, hatype: number, proto: number, next: number): Next {
  if (hatype === ARPHRD_NETLINK) return Next.NonIp;
  s.off = next;
  // Protocols below 0x600 are Linux pseudo-types (802.2 LLC, 802.3 …), never IP.
  if (proto < 0x600) return Next.NonIp;
  s.etherType = proto;
  return etherType(s);
}

/** Cisco HDLC: address, control, then an ethertype. */
function cHdlc(s: DecodeState): Next {
  const o = s.off;
  if (s.end - o < 4) return bad(s, 'truncated-c-hdlc');
  s.etherType = (s.buf[o + 2] << 8) | s.buf[o + 3];
  s.off = o + 4;
  return etherType(s);
}

/**
 * Per-Packet Information header (version, flags, little-endian length and DLT), then the
 * frame of that DLT. Only Ethernet and 802.11 inside.
 */
function ppi(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  if (s.end - o < 8) return bad(s, 'truncated-ppi');
  const len = b[o + 2] | (b[o + 3] << 8);
  const dlt = (b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24)) >>> 0;
  if (len < 8 || len > s.end - o) return bad(s, 'ppi-length-beyond-frame');
  s.off = o + len;
  if (dlt === LINKTYPE_ETHERNET) return ethernet(s);
  if (dlt === LINKTYPE_IEEE802_11) return wifi(s);
  s.linktype = dlt;
  return Next.Skipped;
}

/** Raw IP: IPv4 or IPv6 by the version nibble. */
function rawIp(s: DecodeState): Next {
  if (s.off >= s.end) return bad(s, 'truncated-ip');
  const v = s.buf[s.off] >> 4;
  if (v === 4) return ipv4(s);
  if (v === 6) return ipv6(s);
  return bad(s, 'bad-ip-version');
}
