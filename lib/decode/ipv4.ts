/** IPv4 (RFC 791): header checks, addresses, fragments handed to the reassembler. */
import { DecodeState, Next, bad } from './state.js';
import { ipExtensions } from './ipv6.js';
import type { PacketInfo } from './packet.js';

export function ipv4(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 1) return bad(s, 'truncated-ipv4');
  const vihl = b[o];
  if (vihl >> 4 !== 4) return bad(s, 'bad-ip-version');
  const hl = (vihl & 0x0f) << 2;
  if (hl < 20) return bad(s, 'ipv4-ihl-below-5');
  if (avail < hl) return bad(s, 'truncated-ipv4');
  let total = (b[o + 2] << 8) | b[o + 3];
  // A total length of 0 is a segmentation-offloaded (TSO) packet captured on the sending
  // host before the NIC split it: the datagram is what was captured (Wireshark and
  // ndpiReader read it so).
  if (total === 0) total = avail;
  if (total < hl) return bad(s, 'ipv4-total-length-below-header');
  if (total > avail) {
    // A snap length cut is not the packet's fault: keep what was captured.
    if (!s.snapped) return bad(s, 'ipv4-total-length-beyond-frame');
    total = avail;
  }
  const pkt = s.pkt;
  ipv4Addresses(b, o, pkt);
  pkt.proto = b[o + 9];
  // Bytes past the total length (Ethernet trailer padding) are not payload.
  s.off = o + hl;
  s.end = o + total;
  const frag = (b[o + 6] << 8) | b[o + 7];
  if ((frag & 0x3fff) !== 0) {
    // More-fragments set or a non-zero offset: part of a larger datagram.
    const r = s.frags!.add(s, 4, (b[o + 4] << 8) | b[o + 5], (frag & 0x1fff) << 3, (frag & 0x2000) !== 0);
    return r === Next.Reassembled ? ipExtensions(s) : r;
  }
  return ipExtensions(s);
}

/** The IPv4 header at b[o] gives the packet its version and addresses (also the fast path's). */
export function ipv4Addresses(b: Uint8Array, o: number, pkt: PacketInfo): void {
  pkt.ipVersion = 4;
  pkt.src[0] = (b[o + 12] << 24) | (b[o + 13] << 16) | (b[o + 14] << 8) | b[o + 15];
  pkt.src[1] = 0;
  pkt.src[2] = 0;
  pkt.src[3] = 0;
  pkt.dst[0] = (b[o + 16] << 24) | (b[o + 17] << 16) | (b[o + 18] << 8) | b[o + 19];
  pkt.dst[1] = 0;
  pkt.dst[2] = 0;
  pkt.dst[3] = 0;
}
