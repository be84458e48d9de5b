/**
 * The common case in straight functions: Ethernet (at most one 802.1Q tag), Linux cooked or
 * raw IP (which link type has which: linktypes.ts's `fast` column) → IPv4 (not a fragment)
 * or IPv6 (no extension headers) → TCP, UDP (not a tunnel port) or ICMP/ICMPv6, lengths
 * within the frame. It writes every PacketInfo field but the timestamps and wirelen and
 * returns true, or returns false having written nothing — then the layered decoder handles
 * the packet. Both must agree exactly (the fuzz tests compare them); this one only exists
 * for speed.
 */
import { PacketInfo, Tunnel } from './packet.js';
import { TUNNEL_PORTS } from './tunnels.js';
import { ipv4Addresses } from './ipv4.js';
import { ipv6Addresses } from './ipv6.js';
import { FAST_LINK, FastLink } from './linktypes.js';

export function decodeFast(b: Uint8Array, off: number, end: number, linktype: number, pkt: PacketInfo): boolean {
  let o: number;
  let et: number;
  let vlan = 0;
  switch (linktype >= 0 && linktype < FAST_LINK.length ? FAST_LINK[linktype] : FastLink.None) {
    case FastLink.Ethernet:
      o = off + 14;
      if (end - o < 28) return false;
      et = (b[o - 2] << 8) | b[o - 1];
      if (et === 0x8100) {
        vlan = ((b[o] << 8) | b[o + 1]) & 0x0fff;
        et = (b[o + 2] << 8) | b[o + 3];
        o += 4;
      }
      break;
    case FastLink.Sll: // not netlink (ARPHRD 824)
      o = off + 16;
      if (end - o < 28 || ((b[off + 2] << 8) | b[off + 3]) === 824) return false;
      et = (b[o - 2] << 8) | b[o - 1];
      break;
    case FastLink.Sll2: // not netlink (ARPHRD 824)
      o = off + 20;
      if (end - o < 28 || ((b[off + 8] << 8) | b[off + 9]) === 824) return false;
      et = (b[off] << 8) | b[off + 1];
      break;
    case FastLink.RawIp:
      o = off;
      if (end - o < 28) return false;
      et = b[o] >> 4 === 6 ? 0x86dd : 0x0800;
      break;
    case FastLink.RawIpv4:
      o = off;
      if (end - o < 28 || b[o] >> 4 === 6) return false;
      et = 0x0800;
      break;
    case FastLink.RawIpv6:
      o = off;
      if (end - o < 28 || b[o] >> 4 !== 6) return false;
      et = 0x86dd;
      break;
    default:
      return false;
  }
  if (end - o < 28) return false;
  let l4: number;
  let l4end: number;
  let proto: number;
  if (et === 0x0800) {
    const vihl = b[o];
    if (vihl >> 4 !== 4) return false;
    const hl = (vihl & 0x0f) << 2;
    const total = (b[o + 2] << 8) | b[o + 3];
    if (hl < 20 || total < hl || total > end - o) return false;
    if ((((b[o + 6] << 8) | b[o + 7]) & 0x3fff) !== 0) return false;
    proto = b[o + 9];
    l4 = o + hl;
    l4end = o + total;
    if (!transport(b, l4, l4end, proto, pkt)) return false;
    ipv4Addresses(b, o, pkt);
  } else if (et === 0x86dd) {
    if (end - o < 48 || b[o] >> 4 !== 6) return false;
    const plen = (b[o + 4] << 8) | b[o + 5];
    if (plen === 0 || plen > end - o - 40) return false;
    proto = b[o + 6];
    l4 = o + 40;
    l4end = l4 + plen;
    if (!transport(b, l4, l4end, proto, pkt)) return false;
    ipv6Addresses(b, o, pkt);
  } else {
    return false;
  }
  pkt.proto = proto;
  pkt.vlanId = vlan;
  pkt.frames = 1;
  pkt.tunnel = Tunnel.None;
  pkt.payload = b;
  return true;
}

/** TCP, UDP or ICMP/ICMPv6 at b[o..end); false for anything else (the layers decide). */
function transport(b: Uint8Array, o: number, end: number, proto: number, pkt: PacketInfo): boolean {
  if (proto === 6) return tcp(b, o, end, pkt);
  if (proto === 17) return udp(b, o, end, pkt);
  if (proto === 1 || proto === 58) return icmp(b, o, end, proto, pkt);
  return false;
}

/** TCP header checks and fields (payload offsets included); false = let the layers decide. */
function tcp(b: Uint8Array, o: number, end: number, pkt: PacketInfo): boolean {
  if (end - o < 20) return false;
  const doff = (b[o + 12] >> 4) << 2;
  if (doff < 20 || doff > end - o) return false;
  pkt.sport = (b[o] << 8) | b[o + 1];
  pkt.dport = (b[o + 2] << 8) | b[o + 3];
  pkt.tcpSeq = ((b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7]) >>> 0;
  pkt.tcpAck = ((b[o + 8] << 24) | (b[o + 9] << 16) | (b[o + 10] << 8) | b[o + 11]) >>> 0;
  pkt.tcpFlags = b[o + 13];
  pkt.tcpWin = (b[o + 14] << 8) | b[o + 15];
  pkt.icmpType = 0;
  pkt.icmpCode = 0;
  pkt.icmpId = 0;
  pkt.payloadOff = o + doff;
  pkt.payloadLen = end - o - doff;
  return true;
}

function udp(b: Uint8Array, o: number, end: number, pkt: PacketInfo): boolean {
  if (end - o < 8) return false;
  const ulen = (b[o + 4] << 8) | b[o + 5];
  if (ulen < 8 || ulen > end - o) return false;
  const sport = (b[o] << 8) | b[o + 1];
  const dport = (b[o + 2] << 8) | b[o + 3];
  if ((TUNNEL_PORTS[sport] | TUNNEL_PORTS[dport]) !== 0) return false;
  pkt.sport = sport;
  pkt.dport = dport;
  pkt.tcpSeq = 0;
  pkt.tcpAck = 0;
  pkt.tcpFlags = 0;
  pkt.icmpType = 0;
  pkt.icmpCode = 0;
  pkt.icmpId = 0;
  pkt.payloadOff = o + 8;
  pkt.payloadLen = ulen - 8;
  return true;
}

/** ICMP (1) / ICMPv6 (58) with at least the 8-byte header; echo carries an identifier. */
function icmp(b: Uint8Array, o: number, end: number, proto: number, pkt: PacketInfo): boolean {
  if (end - o < 8) return false;
  const type = b[o];
  pkt.icmpType = type;
  pkt.icmpCode = b[o + 1];
  pkt.icmpId = (proto === 1 ? type === 8 || type === 0 : type === 128 || type === 129) ? (b[o + 4] << 8) | b[o + 5] : 0;
  pkt.sport = 0;
  pkt.dport = 0;
  pkt.tcpSeq = 0;
  pkt.tcpAck = 0;
  pkt.tcpFlags = 0;
  pkt.payloadOff = o + 8;
  pkt.payloadLen = end - o - 8;
  return true;
}
