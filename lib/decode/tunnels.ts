/**
 * Tunnels: decapsulate so the packet describes the inner flow (pkt.tunnel keeps the
 * outermost kind). GRE (RFC 2784/2890, PPTP's enhanced GRE RFC 2637, ERSPAN), IP in IP,
 * and UDP-based: VXLAN (RFC 7348), GTP-U (3GPP TS 29.281), Teredo (RFC 4380),
 * CAPWAP data (RFC 5415). A UDP payload that does not look like the tunnel stays plain UDP.
 */
import { Tunnel } from './packet.js';
import { DecodeState, Next, bad, enterTunnel } from './state.js';
import { ethernet, mpls } from './ethernet.js';
import { ipv4 } from './ipv4.js';
import { ipv6 } from './ipv6.js';
import { ppp } from './ppp.js';
import { wifi } from './wifi.js';

export const PORT_VXLAN = 4789;
export const PORT_GTPU = 2152;
export const PORT_TEREDO = 3544;
export const PORT_CAPWAP_DATA = 5247;

/** Non-zero for UDP ports that may carry a tunnel (one lookup per port in the hot path). */
export const TUNNEL_PORTS = new Uint8Array(65536);
TUNNEL_PORTS[PORT_VXLAN] = 1;
TUNNEL_PORTS[PORT_GTPU] = 1;
TUNNEL_PORTS[PORT_TEREDO] = 1;
TUNNEL_PORTS[PORT_CAPWAP_DATA] = 1;

/** Enter a tunnel whose inner frame starts at `off`; false when nested too deep. */
function enter(s: DecodeState, kind: Tunnel, off: number): boolean {
  if (!enterTunnel(s, kind)) return false;
  s.off = off;
  return true;
}

function tooDeep(s: DecodeState): Next {
  return bad(s, 'too-many-encapsulations');
}

/** Protocol 4 (IPv4) or 41 (IPv6) inside IPv4 or IPv6. */
export function ipInIp(s: DecodeState, version: 4 | 6): Next {
  if (!enter(s, Tunnel.IPinIP, s.off)) return tooDeep(s);
  return version === 4 ? ipv4(s) : ipv6(s);
}

const GRE_C = 0x8000;
const GRE_R = 0x4000;
const GRE_K = 0x2000;
const GRE_S = 0x1000;
const GRE_A = 0x0080;

/** GRE header; unknown payload types leave the packet as port-less GRE. */
export function gre(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 4) return bad(s, 'truncated-gre');
  const flags = (b[o] << 8) | b[o + 1];
  const type = (b[o + 2] << 8) | b[o + 3];
  const version = flags & 0x7;
  let hl: number;
  if (version === 0) {
    // Source routing (R, RFC 1701) is obsolete and variable: not followed.
    if (flags & GRE_R) return Next.Ok;
    hl = 4;
    if (flags & GRE_C) hl += 4;
    if (flags & GRE_K) hl += 4;
    if (flags & GRE_S) hl += 4;
  } else if (version === 1 && type === 0x880b) {
    // PPTP: key (payload length + call id) always, then optional sequence and ack numbers.
    hl = 8;
    if (flags & GRE_S) hl += 4;
    if (flags & GRE_A) hl += 4;
  } else {
    return Next.Ok;
  }
  if (avail < hl) return bad(s, 'truncated-gre');
  const inner = o + hl;
  switch (type) {
    case 0x0800:
      return enter(s, Tunnel.GRE, inner) ? ipv4(s) : tooDeep(s);
    case 0x86dd:
      return enter(s, Tunnel.GRE, inner) ? ipv6(s) : tooDeep(s);
    case 0x6558: // transparent Ethernet bridging
      return enter(s, Tunnel.GRE, inner) ? ethernet(s) : tooDeep(s);
    case 0x8847:
    case 0x8848:
      return enter(s, Tunnel.GRE, inner) ? mpls(s) : tooDeep(s);
    case 0x880b: // PPP (PPTP); an ack-only packet has no payload
      if (inner >= s.end) return Next.Ok;
      return enter(s, Tunnel.GRE, inner) ? ppp(s) : tooDeep(s);
    case 0x88be: // ERSPAN type II: 8-byte header, then the mirrored frame
      if (s.end - inner < 8) return bad(s, 'truncated-erspan');
      return enter(s, Tunnel.GRE, inner + 8) ? ethernet(s) : tooDeep(s);
    case 0x22eb: {
      // ERSPAN type III: 12 bytes, plus an 8-byte platform subheader when O is set.
      if (s.end - inner < 12) return bad(s, 'truncated-erspan');
      const hl3 = b[inner + 11] & 0x01 ? 20 : 12;
      return enter(s, Tunnel.GRE, inner + hl3) ? ethernet(s) : tooDeep(s);
    }
    default:
      return Next.Ok;
  }
}

/** UDP payload at `off` on a tunnel port: decapsulate when it looks like that tunnel. */
export function udpTunnel(s: DecodeState): Next {
  const pkt = s.pkt;
  if (pkt.dport === PORT_VXLAN) return vxlan(s);
  if (pkt.dport === PORT_GTPU || pkt.sport === PORT_GTPU) return gtpu(s);
  if (pkt.dport === PORT_CAPWAP_DATA || pkt.sport === PORT_CAPWAP_DATA) return capwap(s);
  if (pkt.dport === PORT_TEREDO || pkt.sport === PORT_TEREDO) return teredo(s);
  return Next.Ok;
}

/** VXLAN: 8 bytes (flags with I = 0x08, VNI), then an Ethernet frame. */
function vxlan(s: DecodeState): Next {
  const o = s.off;
  if (s.end - o < 8 + 14 || (s.buf[o] & 0x08) === 0) return Next.Ok;
  return enter(s, Tunnel.VXLAN, o + 8) ? ethernet(s) : tooDeep(s);
}

/**
 * GTPv1-U T-PDU: flags (version 1, PT 1, E/S/PN), type 0xFF, length, TEID; with any of
 * E/S/PN 4 more bytes (sequence, N-PDU, next extension type); then extension headers
 * (length in 4-byte units, last byte = next type); then an IPv4/IPv6 packet.
 */
function gtpu(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 8) return Next.Ok;
  const flags = b[o];
  if (flags >> 5 !== 1 || (flags & 0x10) === 0 || b[o + 1] !== 0xff) return Next.Ok;
  let hl = 8;
  if (flags & 0x07) {
    hl = 12;
    if (avail < hl) return bad(s, 'truncated-gtp');
    if (flags & 0x04) {
      let nextType = b[o + 11];
      while (nextType !== 0) {
        if (avail < hl + 1) return bad(s, 'truncated-gtp');
        const elen = b[o + hl] << 2;
        if (elen === 0) return bad(s, 'gtp-bad-extension-length');
        if (avail < hl + elen) return bad(s, 'truncated-gtp');
        nextType = b[o + hl + elen - 1];
        hl += elen;
      }
    }
  }
  if (avail <= hl) return Next.Ok;
  const v = b[o + hl] >> 4;
  if (v === 4) return enter(s, Tunnel.GTP, o + hl) ? ipv4(s) : tooDeep(s);
  if (v === 6) return enter(s, Tunnel.GTP, o + hl) ? ipv6(s) : tooDeep(s);
  return Next.Ok;
}

/**
 * Teredo: optional authentication (00 01, id/auth lengths, id, auth, 8-byte nonce,
 * confirmation) and origin indication (00 00, port, address) headers, then IPv6 — taken only
 * when an IPv6 header's payload length fills exactly the rest of the datagram.
 */
function teredo(s: DecodeState): Next {
  const b = s.buf;
  const end = s.end;
  let p = s.off;
  if (end - p >= 4 && b[p] === 0 && b[p + 1] === 1) p += 4 + b[p + 2] + b[p + 3] + 9;
  if (end - p >= 8 && b[p] === 0 && b[p + 1] === 0) p += 8;
  if (end - p < 40 || b[p] >> 4 !== 6) return Next.Ok;
  if (40 + ((b[p + 4] << 8) | b[p + 5]) !== end - p) return Next.Ok;
  return enter(s, Tunnel.Teredo, p) ? ipv6(s) : tooDeep(s);
}

/**
 * CAPWAP data channel: preamble (version 0, type 0 — type 1 is DTLS), HLEN (5 bits, in
 * 4-byte words), RID, WBID, flags T/F/L/W/M/K. T set: a native frame of the binding
 * (WBID 1 = IEEE 802.11); T clear: an 802.3 frame. Fragments and keep-alives stay UDP.
 */
function capwap(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 8 || b[o] !== 0) return Next.Ok;
  const hl = (b[o + 1] >> 3) << 2;
  if (hl < 8) return bad(s, 'capwap-header-length-below-8');
  if (hl > avail) return bad(s, 'truncated-capwap');
  const flags = b[o + 3];
  if (flags & 0x88) return Next.Ok; // F (fragment) or K (keep-alive)
  if (hl === avail) return Next.Ok;
  if (b[o + 2] & 0x01) {
    const wbid = (b[o + 2] >> 1) & 0x1f;
    if (wbid !== 1) return Next.Ok;
    return enter(s, Tunnel.CAPWAP, o + hl) ? wifi(s) : tooDeep(s);
  }
  return enter(s, Tunnel.CAPWAP, o + hl) ? ethernet(s) : tooDeep(s);
}
