/**
 * Transport headers: TCP, UDP (trimmed to its length), ICMP/ICMPv6 (type, code, echo id),
 * SCTP (ports); anything else is port-less. Tunnels found here (GRE, IP in IP, UDP-based
 * ones) continue in tunnels.ts.
 */
import { DecodeState, Next, bad } from './state.js';
import { gre, ipInIp, udpTunnel, TUNNEL_PORTS } from './tunnels.js';

export const IPPROTO_ICMP = 1;
export const IPPROTO_IPIP = 4;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;
export const IPPROTO_GRE = 47;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_SCTP = 132;

export function transport(s: DecodeState): Next {
  switch (s.pkt.proto) {
    case IPPROTO_TCP:
      return tcp(s);
    case IPPROTO_UDP:
      return udp(s);
    case IPPROTO_ICMP:
      return icmp(s, 8, 0, 'truncated-icmp');
    case IPPROTO_ICMPV6:
      return icmp(s, 128, 129, 'truncated-icmpv6');
    case IPPROTO_SCTP:
      return sctp(s);
    case IPPROTO_GRE:
      portless(s);
      return gre(s);
    case IPPROTO_IPIP:
      portless(s);
      return ipInIp(s, 4);
    case IPPROTO_IPV6:
      portless(s);
      return ipInIp(s, 6);
    default:
      portless(s);
      return Next.Ok;
  }
}

function tcp(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 20) return bad(s, 'truncated-tcp');
  // A data offset below 5 words (damaged or crafted) still leaves ports, sequence numbers
  // and flags readable: like ndpiReader (payload after min(4 * offset, segment length)),
  // keep the packet and take the payload from the offset as written.
  const doff = (b[o + 12] >> 4) << 2;
  let pay = o + doff;
  if (doff > avail) {
    if (!s.snapped) return bad(s, 'tcp-data-offset-beyond-frame');
    pay = s.end;
  }
  const pkt = s.pkt;
  pkt.sport = (b[o] << 8) | b[o + 1];
  pkt.dport = (b[o + 2] << 8) | b[o + 3];
  pkt.tcpSeq = ((b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7]) >>> 0;
  pkt.tcpAck = ((b[o + 8] << 24) | (b[o + 9] << 16) | (b[o + 10] << 8) | b[o + 11]) >>> 0;
  pkt.tcpFlags = b[o + 13];
  pkt.tcpWin = (b[o + 14] << 8) | b[o + 15];
  pkt.payload = b;
  pkt.payloadOff = pay;
  pkt.payloadLen = s.end - pay;
  return Next.Ok;
}

function udp(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 8) return bad(s, 'truncated-udp');
  // A UDP length field that disagrees with the IP datagram (below the header, or beyond the
  // IP payload) is not trusted: the datagram is what IP says, as in ndpiReader, which
  // takes the UDP payload from the IP length and never reads this field.
  let ulen = (b[o + 4] << 8) | b[o + 5];
  if (ulen < 8 || ulen > avail) ulen = avail;
  const pkt = s.pkt;
  const sport = (b[o] << 8) | b[o + 1];
  const dport = (b[o + 2] << 8) | b[o + 3];
  pkt.sport = sport;
  pkt.dport = dport;
  pkt.payload = b;
  pkt.payloadOff = o + 8;
  pkt.payloadLen = ulen - 8;
  s.off = o + 8;
  s.end = o + ulen;
  if ((TUNNEL_PORTS[sport] | TUNNEL_PORTS[dport]) !== 0) return udpTunnel(s);
  return Next.Ok;
}

/** ICMP / ICMPv6: type, code, checksum; echo request/reply carry an identifier. */
function icmp(s: DecodeState, echoReq: number, echoRep: number, truncated: string): Next {
  const b = s.buf;
  const o = s.off;
  const avail = s.end - o;
  if (avail < 4) return bad(s, truncated);
  const pkt = s.pkt;
  const type = b[o];
  pkt.icmpType = type;
  pkt.icmpCode = b[o + 1];
  if (type === echoReq || type === echoRep) {
    if (avail < 8) return bad(s, truncated);
    pkt.icmpId = (b[o + 4] << 8) | b[o + 5];
  } else {
    pkt.icmpId = 0;
  }
  pkt.sport = 0;
  pkt.dport = 0;
  // Most messages have an 8-byte header (type, code, checksum, 4 bytes of rest).
  const pay = avail >= 8 ? o + 8 : s.end;
  pkt.payload = b;
  pkt.payloadOff = pay;
  pkt.payloadLen = s.end - pay;
  return Next.Ok;
}

/** SCTP common header: ports, verification tag, checksum. */
function sctp(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  if (s.end - o < 12) return bad(s, 'truncated-sctp');
  const pkt = s.pkt;
  pkt.sport = (b[o] << 8) | b[o + 1];
  pkt.dport = (b[o + 2] << 8) | b[o + 3];
  pkt.payload = b;
  pkt.payloadOff = o + 12;
  pkt.payloadLen = s.end - o - 12;
  return Next.Ok;
}

/** No ports: the payload is the whole IP payload. */
function portless(s: DecodeState): void {
  const pkt = s.pkt;
  pkt.sport = 0;
  pkt.dport = 0;
  pkt.payload = s.buf;
  pkt.payloadOff = s.off;
  pkt.payloadLen = s.end - s.off;
}
