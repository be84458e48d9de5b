/**
 * Ethernet II / 802.3 + LLC-SNAP, and what an ethertype can lead to: 802.1Q/802.1ad VLAN
 * tags (QinQ: the innermost id is kept), MPLS label stacks, PPPoE sessions.
 */
import { DecodeState, MAX_ENCAPS, Next, bad } from './state.js';
import { ipv4 } from './ipv4.js';
import { ipv6 } from './ipv6.js';
import { ppp } from './ppp.js';

export const ETH_IPV4 = 0x0800;
export const ETH_ARP = 0x0806;
export const ETH_VLAN = 0x8100;
export const ETH_IPV6 = 0x86dd;
export const ETH_MPLS = 0x8847;
export const ETH_MPLS_MC = 0x8848;
export const ETH_PPPOE_DISC = 0x8863;
export const ETH_PPPOE_SESS = 0x8864;
export const ETH_QINQ = 0x88a8;
export const ETH_QINQ_OLD1 = 0x9100;
export const ETH_QINQ_OLD2 = 0x9200;

/** Ethernet header: two MACs, then type (>= 0x600) or 802.3 length. */
export function ethernet(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  if (s.end - o < 14) return bad(s, 'truncated-ethernet');
  const type = (b[o + 12] << 8) | b[o + 13];
  if (type >= 0x600) {
    s.etherType = type;
    s.off = o + 14;
    return etherType(s);
  }
  // 802.3 length + 802.2 LLC: only SNAP (AA AA 03, OUI 00-00-00) carries an ethertype.
  if (s.end - o < 22) return Next.NonIp;
  if (b[o + 14] !== 0xaa || b[o + 15] !== 0xaa || b[o + 16] !== 0x03) return Next.NonIp;
  if (b[o + 17] !== 0 || b[o + 18] !== 0 || b[o + 19] !== 0) return Next.NonIp;
  s.etherType = (b[o + 20] << 8) | b[o + 21];
  s.off = o + 22;
  return etherType(s);
}

/** What follows an ethertype (VLAN tags are consumed here, in a loop). */
export function etherType(s: DecodeState): Next {
  const b = s.buf;
  for (;;) {
    switch (s.etherType) {
      case ETH_IPV4:
        return ipv4(s);
      case ETH_IPV6:
        return ipv6(s);
      case ETH_VLAN:
      case ETH_QINQ:
      case ETH_QINQ_OLD1:
      case ETH_QINQ_OLD2: {
        const o = s.off;
        if (s.end - o < 4) return bad(s, 'truncated-vlan');
        // Overwritten at each tag: the innermost id wins.
        s.pkt.vlanId = ((b[o] << 8) | b[o + 1]) & 0x0fff;
        s.etherType = (b[o + 2] << 8) | b[o + 3];
        s.off = o + 4;
        continue;
      }
      case ETH_MPLS:
      case ETH_MPLS_MC:
        return mpls(s);
      case ETH_PPPOE_SESS:
        return pppoe(s);
      default:
        return Next.NonIp;
    }
  }
}

/**
 * MPLS: 4-byte entries until the bottom-of-stack bit; then IPv4/IPv6 by version nibble,
 * or (nibble 0) a pseudowire control word followed by Ethernet.
 */
export function mpls(s: DecodeState): Next {
  const b = s.buf;
  let o = s.off;
  for (;;) {
    if (s.end - o < 4) return bad(s, 'truncated-mpls');
    const bottom = b[o + 2] & 0x01;
    o += 4;
    if (bottom) break;
  }
  s.off = o;
  if (o >= s.end) return Next.NonIp;
  const v = b[o] >> 4;
  if (v === 4) return ipv4(s);
  if (v === 6) return ipv6(s);
  if (v === 0) {
    // Bounded like a tunnel: Ethernet in MPLS in Ethernet … must not recurse without end.
    if (++s.encaps > MAX_ENCAPS) return bad(s, 'too-many-encapsulations');
    s.off = o + 4;
    return ethernet(s);
  }
  return Next.NonIp;
}

/** PPPoE session stage: 6-byte header (ver/type 0x11, code 0), then a PPP protocol. */
export function pppoe(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  if (s.end - o < 8) return bad(s, 'truncated-pppoe');
  if (b[o] !== 0x11 || b[o + 1] !== 0) return bad(s, 'pppoe-bad-header');
  s.off = o + 6;
  return ppp(s);
}
