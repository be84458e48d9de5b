/**
 * IPv6 (RFC 8200): fixed header, then the extension header chain (hop-by-hop 0, routing 43,
 * destination options 60, fragment 44, and AH 51 — AH also after IPv4) up to the transport.
 */
import { DecodeState, Next, bad } from './state.js';
import { transport } from './transport.js';
import type { PacketInfo } from './packet.js';

export function ipv6(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 1) return bad(s, 'truncated-ipv6');
  if (b[o] >> 4 !== 6) return bad(s, 'bad-ip-version');
  if (avail < 40) return bad(s, 'truncated-ipv6');
  let plen = (b[o + 4] << 8) | b[o + 5];
  const nh = b[o + 6];
  if (plen === 0 && nh === 0) {
    // Jumbogram (RFC 2675): the length is in a hop-by-hop option; the frame bounds it.
    plen = avail - 40;
  } else if (plen > avail - 40) {
    if (!s.snapped) return bad(s, 'ipv6-payload-length-beyond-frame');
    plen = avail - 40;
  }
  const pkt = s.pkt;
  ipv6Addresses(b, o, pkt);
  pkt.proto = nh;
  s.off = o + 40;
  s.end = o + 40 + plen;
  return ipExtensions(s);
}

/** The IPv6 header at b[o] gives the packet its version and addresses (also the fast path's). */
export function ipv6Addresses(b: Uint8Array, o: number, pkt: PacketInfo): void {
  pkt.ipVersion = 6;
  pkt.src[0] = (b[o + 8] << 24) | (b[o + 9] << 16) | (b[o + 10] << 8) | b[o + 11];
  pkt.src[1] = (b[o + 12] << 24) | (b[o + 13] << 16) | (b[o + 14] << 8) | b[o + 15];
  pkt.src[2] = (b[o + 16] << 24) | (b[o + 17] << 16) | (b[o + 18] << 8) | b[o + 19];
  pkt.src[3] = (b[o + 20] << 24) | (b[o + 21] << 16) | (b[o + 22] << 8) | b[o + 23];
  pkt.dst[0] = (b[o + 24] << 24) | (b[o + 25] << 16) | (b[o + 26] << 8) | b[o + 27];
  pkt.dst[1] = (b[o + 28] << 24) | (b[o + 29] << 16) | (b[o + 30] << 8) | b[o + 31];
  pkt.dst[2] = (b[o + 32] << 24) | (b[o + 33] << 16) | (b[o + 34] << 8) | b[o + 35];
  pkt.dst[3] = (b[o + 36] << 24) | (b[o + 37] << 16) | (b[o + 38] << 8) | b[o + 39];
}

export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_AH = 51;
export const IPPROTO_DSTOPTS = 60;

/**
 * Walk extension headers from `pkt.proto` at `off`; leaves `pkt.proto` = the transport and
 * `off` at its header. A fragment goes to the reassembler (Pending, or the whole datagram).
 */
export function ipExtensions(s: DecodeState): Next {
  const b = s.buf;
  const pkt = s.pkt;
  const end = s.end;
  let nh = pkt.proto;
  let o = s.off;
  for (;;) {
    if (nh === IPPROTO_AH) {
      // RFC 4302: length in 4-byte units, minus 2.
      if (end - o < 12) return bad(s, 'truncated-ah');
      const len = (b[o + 1] + 2) << 2;
      if (end - o < len) return bad(s, 'truncated-ah');
      nh = b[o];
      o += len;
      continue;
    }
    if (pkt.ipVersion !== 6) break;
    if (nh === IPPROTO_HOPOPTS || nh === IPPROTO_ROUTING || nh === IPPROTO_DSTOPTS) {
      if (end - o < 8) return bad(s, 'truncated-ipv6-extension');
      const len = (b[o + 1] + 1) << 3;
      if (end - o < len) return bad(s, 'truncated-ipv6-extension');
      nh = b[o];
      o += len;
      continue;
    }
    if (nh === IPPROTO_FRAGMENT) {
      if (end - o < 8) return bad(s, 'truncated-ipv6-fragment');
      const offField = (b[o + 2] << 8) | b[o + 3];
      const fragOff = offField & 0xfff8;
      const more = (offField & 1) !== 0;
      const id = ((b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7]) >>> 0;
      nh = b[o];
      o += 8;
      // An atomic fragment (offset 0, no more) is a whole datagram.
      if (fragOff === 0 && !more) continue;
      pkt.proto = nh;
      s.off = o;
      const r = s.frags!.add(s, 6, id, fragOff, more);
      // The whole datagram continues from the fragment header's next header.
      return r === Next.Reassembled ? ipExtensions(s) : r;
    }
    break;
  }
  pkt.proto = nh;
  s.off = o;
  return transport(s);
}
