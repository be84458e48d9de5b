/**
 * The small link headers (loopback, Linux cooked, Cisco HDLC, PPP, PPI, raw IP): each skips
 * its header and hands on to the network layer. Which link type uses which decoder is
 * linktypes.ts's table.
 */
import { DecodeState, Next, bad } from './state.js';
import { etherType, ethernet } from './ethernet.js';
import { ipv4 } from './ipv4.js';
import { ipv6 } from './ipv6.js';
import { ppp } from './ppp.js';
import { wifi } from './wifi.js';

/** Linux ARPHRD_NETLINK in a cooked header: netlink messages, never IP. */
const ARPHRD_NETLINK = 824;
/** The link types PPI may wrap (the only ones decoded inside it). */
const DLT_EN10MB = 1;
const DLT_IEEE802_11 = 105;

/**
 * PPP (9) and PPP in HDLC-like framing (50): RFC 1662 framing starts FF 03; Cisco HDLC
 * (RFC 1547) starts 0F/8F. Routers write Cisco HDLC frames under either PPP link type (as
 * nDPI's BGP_Cisco_hdlc_slarp.pcap under LINKTYPE_PPP); tcpdump and ndpiReader tell them
 * apart by that first byte.
 */
export function pppOrHdlc(s: DecodeState): Next {
  if (s.off < s.end && (s.buf[s.off] & 0x7f) === 0x0f) return cHdlc(s);
  return ppp(s);
}

/**
 * BSD loopback: a 4-byte address family, in the capturing host's byte order (NULL) or
 * network order (LOOP); accept either. AF_INET is 2; AF_INET6 is 24, 28 or 30 by OS.
 */
export function loopback(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  if (s.end - o < 4) return bad(s, 'truncated-loopback');
  let af = -1;
  if (b[o + 1] === 0 && b[o + 2] === 0 && b[o + 3] === 0) af = b[o];
  else if (b[o] === 0 && b[o + 1] === 0 && b[o + 2] === 0) af = b[o + 3];
  s.off = o + 4;
  if (af === 2) return ipv4(s);
  if (af === 24 || af === 28 || af === 30) return ipv6(s);
  // An address family we do not know (a damaged header, an OS's own value): like
  // ndpiReader, which takes anything but AF_INET as IPv6, go by what follows, but only
  // when it reads as an IP header (version nibble 4 or 6).
  if (s.end - s.off > 0) {
    const v = b[s.off] >> 4;
    if (v === 4) return ipv4(s);
    if (v === 6) return ipv6(s);
  }
  return Next.NonIp;
}

/** Linux cooked capture v1: 16 bytes, protocol (an ethertype for IP) in the last two. */
export function sll(s: DecodeState): Next {
  const o = s.off;
  if (s.end - o < 16) return bad(s, 'truncated-linux-sll');
  return cooked(s, (s.buf[o + 2] << 8) | s.buf[o + 3], (s.buf[o + 14] << 8) | s.buf[o + 15], o + 16);
}

/** Linux cooked capture v2: 20 bytes, protocol first, ARPHRD type at 8. */
export function sll2(s: DecodeState): Next {
  const o = s.off;
  if (s.end - o < 20) return bad(s, 'truncated-linux-sll2');
  return cooked(s, (s.buf[o + 8] << 8) | s.buf[o + 9], (s.buf[o] << 8) | s.buf[o + 1], o + 20);
}

function cooked(s: DecodeState, hatype: number, proto: number, next: number): Next {
  if (hatype === ARPHRD_NETLINK) return Next.NonIp;
  s.off = next;
  // Protocols below 0x600 are Linux pseudo-types (802.2 LLC, 802.3 …), never IP.
  if (proto < 0x600) return Next.NonIp;
  s.etherType = proto;
  return etherType(s);
}

/** Cisco HDLC: address, control, then an ethertype. */
export function cHdlc(s: DecodeState): Next {
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
export function ppi(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  if (s.end - o < 8) return bad(s, 'truncated-ppi');
  const len = b[o + 2] | (b[o + 3] << 8);
  const dlt = (b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24)) >>> 0;
  if (len < 8 || len > s.end - o) return bad(s, 'ppi-length-beyond-frame');
  s.off = o + len;
  if (dlt === DLT_EN10MB) return ethernet(s);
  if (dlt === DLT_IEEE802_11) return wifi(s);
  s.linktype = dlt;
  return Next.Skipped;
}

/** Raw IP: IPv4 or IPv6 by the version nibble. */
export function rawIp(s: DecodeState): Next {
  if (s.off >= s.end) return bad(s, 'truncated-ip');
  const v = s.buf[s.off] >> 4;
  if (v === 4) return ipv4(s);
  if (v === 6) return ipv6(s);
  return bad(s, 'bad-ip-version');
}
