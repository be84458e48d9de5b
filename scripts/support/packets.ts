/**
 * Byte-exact packet builders for synthesized captures, the one set the sample generator, the
 * benchmarks and the tests share: Ethernet (optional 802.1Q), IPv4 (header checksum,
 * fragmentation), IPv6, TCP, UDP, ICMP echo, with correct transport checksums; plus a `Path`
 * (two endpoints on one link), a whole-TCP-conversation helper and `frameRecords` to write
 * frames as a capture (lib/capture/writer.ts). Builder-side code: clarity over speed (the
 * benchmark patches templates instead). The decoder's tests craft malformed headers field by
 * field in test/decode/build.ts instead.
 */
import type { WriteRecord } from '../../lib/capture/writer.js';
import { ByteWriter, fold16, sum16 } from './bytes.js';

/** One capture record: a timestamp in microseconds since the epoch, and the whole frame. */
export interface Frame {
  tUs: number;
  data: Uint8Array;
}

/**
 * Frames as capture records. With `snaplen`, longer frames are cut to it as a capture
 * would cut them (the wire length is kept).
 */
export function frameRecords(frames: readonly Frame[], snaplen?: number): WriteRecord[] {
  return frames.map((f) => {
    if (!Number.isInteger(f.tUs)) throw new Error(`timestamp ${f.tUs} is not a whole microsecond`);
    const r: WriteRecord = { sec: Math.floor(f.tUs / 1e6), usec: f.tUs % 1e6, data: f.data };
    if (snaplen !== undefined && f.data.length > snaplen) {
      r.data = f.data.subarray(0, snaplen);
      r.origLen = f.data.length;
    }
    return r;
  });
}

export const ETH_IPV4 = 0x0800;
export const ETH_IPV6 = 0x86dd;
export const ETH_VLAN = 0x8100;
export const IP_ICMP = 1;
export const IP_TCP = 6;
export const IP_UDP = 17;
export const IP_ICMPV6 = 58;

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

// ---------------------------------------------------------------- addresses

export function parseIPv4(s: string): Uint8Array {
  const parts = s.split('.');
  if (parts.length !== 4) throw new Error(`bad IPv4 address ${s}`);
  return Uint8Array.from(parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`bad IPv4 address ${s}`);
    return n;
  }));
}

export function parseIPv6(s: string): Uint8Array {
  const out = new Uint8Array(16);
  const halves = s.split('::');
  if (halves.length > 2) throw new Error(`bad IPv6 address ${s}`);
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (halves.length === 1 && head.length !== 8) throw new Error(`bad IPv6 address ${s}`);
  const put = (groups: string[], start: number) => {
    groups.forEach((g, i) => {
      const v = parseInt(g, 16);
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`bad IPv6 address ${s}`);
      out[(start + i) * 2] = v >> 8;
      out[(start + i) * 2 + 1] = v & 0xff;
    });
  };
  put(head, 0);
  put(tail, 8 - tail.length);
  return out;
}

export function parseIp(s: string): Uint8Array {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

export function parseMac(s: string): Uint8Array {
  const parts = s.split(':');
  if (parts.length !== 6) throw new Error(`bad MAC address ${s}`);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

// ---------------------------------------------------------------- link layer

export interface EthernetOpts {
  src: string;
  dst: string;
  etherType: number;
  /** 802.1Q VLAN id; the tag is added when set. */
  vlan?: number;
  /** Pad short frames to the 60-byte Ethernet minimum (trailer padding, not payload). Default true. */
  pad?: boolean;
}

export function ethernet(o: EthernetOpts, payload: Uint8Array): Uint8Array {
  const w = new ByteWriter().bytes(parseMac(o.dst)).bytes(parseMac(o.src));
  if (o.vlan !== undefined) w.u16(ETH_VLAN).u16(o.vlan & 0x0fff);
  w.u16(o.etherType).bytes(payload);
  while ((o.pad ?? true) && w.length < 60) w.u8(0);
  return w.finish();
}

// ---------------------------------------------------------------- IP

export interface Ipv4Opts {
  src: string;
  dst: string;
  proto: number;
  id?: number;
  ttl?: number;
  tos?: number;
  /** Don't Fragment. Default true for TCP, false otherwise. */
  df?: boolean;
  /** More Fragments. */
  mf?: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragOffset?: number;
}

export function ipv4(o: Ipv4Opts, payload: Uint8Array): Uint8Array {
  const total = 20 + payload.length;
  if (total > 0xffff) throw new Error(`IPv4 packet too long: ${total}`);
  const off = o.fragOffset ?? 0;
  if (off % 8 !== 0) throw new Error(`fragment offset ${off} not a multiple of 8`);
  const df = o.df ?? o.proto === IP_TCP;
  const flags = (df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) | (off >> 3);
  const w = new ByteWriter()
    .u8(0x45)
    .u8(o.tos ?? 0)
    .u16(total)
    .u16(o.id ?? 0)
    .u16(flags)
    .u8(o.ttl ?? 64)
    .u8(o.proto)
    .u16(0)
    .bytes(parseIPv4(o.src))
    .bytes(parseIPv4(o.dst))
    .bytes(payload);
  const out = w.finish();
  const ck = fold16(sum16(out, 0, 0, 20));
  out[10] = ck >> 8;
  out[11] = ck & 0xff;
  return out;
}

/**
 * Splits one IPv4 datagram's payload (the whole L4 datagram) into `n` fragments with offsets on
 * 8-byte boundaries; all share `o.id`.
 */
export function ipv4Fragments(o: Ipv4Opts, payload: Uint8Array, n: number): Uint8Array[] {
  if (n < 1) throw new Error('need at least one fragment');
  const per = Math.max(8, Math.ceil(payload.length / n / 8) * 8);
  const out: Uint8Array[] = [];
  for (let off = 0; off < payload.length; off += per) {
    const end = Math.min(payload.length, off + per);
    out.push(ipv4({ ...o, df: false, mf: end < payload.length, fragOffset: off }, payload.subarray(off, end)));
  }
  if (out.length !== n) throw new Error(`payload of ${payload.length} bytes gives ${out.length} fragments, not ${n}`);
  return out;
}

export interface Ipv6Opts {
  src: string;
  dst: string;
  nextHeader: number;
  hopLimit?: number;
  flowLabel?: number;
  trafficClass?: number;
}

export function ipv6(o: Ipv6Opts, payload: Uint8Array): Uint8Array {
  const tc = o.trafficClass ?? 0;
  const fl = o.flowLabel ?? 0;
  return new ByteWriter()
    .u32(((6 << 28) | (tc << 20) | (fl & 0xfffff)) >>> 0)
    .u16(payload.length)
    .u8(o.nextHeader)
    .u8(o.hopLimit ?? 64)
    .bytes(parseIPv6(o.src))
    .bytes(parseIPv6(o.dst))
    .bytes(payload)
    .finish();
}

/** Sum of the TCP/UDP/ICMPv6 pseudo-header (RFC 793 / RFC 8200 §8.1). */
function pseudoSum(src: string, dst: string, proto: number, len: number): number {
  const s = parseIp(src);
  const d = parseIp(dst);
  // The IPv6 form has a 32-bit length: the same sum for lengths below 64 KiB.
  return sum16(s) + sum16(d) + proto + len;
}

function setChecksum(seg: Uint8Array, at: number, acc: number, zeroAsOnes = false): void {
  let ck = fold16(sum16(seg, acc));
  if (zeroAsOnes && ck === 0) ck = 0xffff; // UDP: 0 means "no checksum"
  seg[at] = ck >> 8;
  seg[at + 1] = ck & 0xff;
}

// ---------------------------------------------------------------- transport

export interface TcpOpts {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window?: number;
  /** Raw TCP options, padded here to a multiple of 4. */
  options?: Uint8Array;
}

export function tcp(o: TcpOpts, payload: Uint8Array): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const optLen = Math.ceil(opts.length / 4) * 4;
  const hlen = 20 + optLen;
  const w = new ByteWriter()
    .u16(o.sport)
    .u16(o.dport)
    .u32(o.seq >>> 0)
    .u32(o.ack >>> 0)
    .u8((hlen / 4) << 4)
    .u8(o.flags)
    .u16(o.window ?? 64240)
    .u16(0)
    .u16(0)
    .bytes(opts);
  for (let i = opts.length; i < optLen; i++) w.u8(1); // NOP padding
  w.bytes(payload);
  const seg = w.finish();
  setChecksum(seg, 16, pseudoSum(o.src, o.dst, IP_TCP, seg.length));
  return seg;
}

/** Options of a typical SYN: MSS, SACK permitted, window scale. */
export function synOptions(mss = 1460, wscale = 7): Uint8Array {
  return Uint8Array.from([2, 4, mss >> 8, mss & 0xff, 4, 2, 1, 3, 3, wscale]);
}

export interface UdpOpts {
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

export function udp(o: UdpOpts, payload: Uint8Array): Uint8Array {
  const seg = new ByteWriter().u16(o.sport).u16(o.dport).u16(8 + payload.length).u16(0).bytes(payload).finish();
  setChecksum(seg, 6, pseudoSum(o.src, o.dst, IP_UDP, seg.length), true);
  return seg;
}

export interface IcmpEchoOpts {
  /** 8 = echo request, 0 = echo reply (ICMPv4); 128 / 129 for ICMPv6. */
  type: number;
  id: number;
  seq: number;
  /** For ICMPv6 only: the addresses of the pseudo-header. */
  v6?: { src: string; dst: string };
}

export function icmpEcho(o: IcmpEchoOpts, payload: Uint8Array): Uint8Array {
  const msg = new ByteWriter().u8(o.type).u8(0).u16(0).u16(o.id).u16(o.seq).bytes(payload).finish();
  setChecksum(msg, 2, o.v6 ? pseudoSum(o.v6.src, o.v6.dst, IP_ICMPV6, msg.length) : 0);
  return msg;
}

// ---------------------------------------------------------------- a path between two hosts

export interface PathOpts {
  cli: string;
  srv: string;
  cport: number;
  sport: number;
  vlan?: number;
  cliMac?: string;
  srvMac?: string;
  cliTtl?: number;
  srvTtl?: number;
}

/** Two endpoints on one Ethernet link; builds whole frames in either direction. */
export class Path {
  readonly v6: boolean;
  private ipId = [0, 0];

  constructor(readonly o: PathOpts, ipIdSeed = 0x1000) {
    this.v6 = o.cli.includes(':');
    if (this.v6 !== o.srv.includes(':')) throw new Error('mixed IPv4/IPv6 path');
    this.ipId = [ipIdSeed & 0xffff, (ipIdSeed * 7 + 0x3a5) & 0xffff];
  }

  private ends(fromCli: boolean) {
    const o = this.o;
    return fromCli
      ? { src: o.cli, dst: o.srv, sport: o.cport, dport: o.sport, smac: o.cliMac ?? '00:1b:21:3c:4d:5e', dmac: o.srvMac ?? '00:0c:29:a1:b2:c3', ttl: o.cliTtl ?? 64 }
      : { src: o.srv, dst: o.cli, sport: o.sport, dport: o.cport, smac: o.srvMac ?? '00:0c:29:a1:b2:c3', dmac: o.cliMac ?? '00:1b:21:3c:4d:5e', ttl: o.srvTtl ?? 57 };
  }

  nextIpId(fromCli: boolean): number {
    const i = fromCli ? 0 : 1;
    const id = this.ipId[i];
    this.ipId[i] = (id + 1) & 0xffff;
    return id;
  }

  /** Wraps an L4 segment into IP and Ethernet. */
  ip(fromCli: boolean, proto: number, l4: Uint8Array): Uint8Array {
    const e = this.ends(fromCli);
    const pkt = this.v6
      ? ipv6({ src: e.src, dst: e.dst, nextHeader: proto, hopLimit: e.ttl }, l4)
      : ipv4({ src: e.src, dst: e.dst, proto, id: this.nextIpId(fromCli), ttl: e.ttl }, l4);
    return this.eth(fromCli, pkt);
  }

  eth(fromCli: boolean, ipPacket: Uint8Array): Uint8Array {
    const e = this.ends(fromCli);
    return ethernet({ src: e.smac, dst: e.dmac, vlan: this.o.vlan, etherType: this.v6 ? ETH_IPV6 : ETH_IPV4 }, ipPacket);
  }

  udp(fromCli: boolean, payload: Uint8Array): Uint8Array {
    const e = this.ends(fromCli);
    return this.ip(fromCli, IP_UDP, udp({ src: e.src, dst: e.dst, sport: e.sport, dport: e.dport }, payload));
  }

  /** A UDP datagram sent as `n` IPv4 fragments (whole frames). */
  udpFragments(fromCli: boolean, payload: Uint8Array, n: number): Uint8Array[] {
    if (this.v6) throw new Error('IPv6 fragmentation not built');
    const e = this.ends(fromCli);
    const dgram = udp({ src: e.src, dst: e.dst, sport: e.sport, dport: e.dport }, payload);
    const id = this.nextIpId(fromCli);
    return ipv4Fragments({ src: e.src, dst: e.dst, proto: IP_UDP, id, ttl: e.ttl }, dgram, n).map((p) => this.eth(fromCli, p));
  }

  tcp(fromCli: boolean, seg: { seq: number; ack: number; flags: number; window?: number; options?: Uint8Array }, payload: Uint8Array): Uint8Array {
    const e = this.ends(fromCli);
    return this.ip(fromCli, IP_TCP, tcp({ src: e.src, dst: e.dst, sport: e.sport, dport: e.dport, ...seg }, payload));
  }

  icmpEcho(fromCli: boolean, id: number, seq: number, payload: Uint8Array): Uint8Array {
    const e = this.ends(fromCli);
    if (this.v6) {
      return this.ip(fromCli, IP_ICMPV6, icmpEcho({ type: fromCli ? 128 : 129, id, seq, v6: { src: e.src, dst: e.dst } }, payload));
    }
    return this.ip(fromCli, IP_ICMP, icmpEcho({ type: fromCli ? 8 : 0, id, seq }, payload));
  }
}

// ---------------------------------------------------------------- TCP conversations

export interface TcpTurn {
  /** Who sends this application message. */
  from: 'cli' | 'srv';
  data: Uint8Array;
}

export interface TcpConversationOpts {
  startUs: number;
  turns: TcpTurn[];
  /** Round-trip time between the endpoints. Default 20 ms. */
  rttUs?: number;
  /** Largest payload per segment. Default 1460. */
  mss?: number;
  /** Time between back-to-back segments of one sender. Default 50 µs. */
  gapUs?: number;
  /** The receiver acknowledges every `ackEvery` data segments (and at the end of each turn). Default 2. */
  ackEvery?: number;
  /** Default true. */
  handshake?: boolean;
  /** How the conversation ends. Default 'fin'. */
  close?: 'fin' | 'rst' | 'none';
  isnCli?: number;
  isnSrv?: number;
  /** Think time before each turn. Default 1 ms. */
  thinkUs?: number;
}

export interface TcpConversation {
  frames: Frame[];
  /** Time of the last frame. */
  endUs: number;
}

/**
 * A whole TCP conversation over `path`: three-way handshake, the turns split into MSS-sized
 * segments with correct sequence and acknowledgement numbers (the receiver ACKs as it goes),
 * then FIN teardown from the client (or RST, or nothing).
 */
export function tcpConversation(path: Path, o: TcpConversationOpts): TcpConversation {
  const rtt = o.rttUs ?? 20000;
  const mss = o.mss ?? 1460;
  const gap = o.gapUs ?? 50;
  const ackEvery = o.ackEvery ?? 2;
  const think = o.thinkUs ?? 1000;
  const frames: Frame[] = [];
  let t = o.startUs;
  // Next sequence number each side will send.
  let seqC = (o.isnCli ?? 0x1a2b3c4d) >>> 0;
  let seqS = (o.isnSrv ?? 0x5e6f7081) >>> 0;
  const push = (fromCli: boolean, flags: number, payload: Uint8Array, extra?: { options?: Uint8Array }) => {
    const seq = fromCli ? seqC : seqS;
    const ack = flags & ACK ? (fromCli ? seqS : seqC) : 0;
    frames.push({ tUs: t, data: path.tcp(fromCli, { seq, ack, flags, options: extra?.options, window: flags & SYN ? 64240 : 502 }, payload) });
    const adv = payload.length + (flags & (SYN | FIN) ? 1 : 0);
    if (fromCli) seqC = (seqC + adv) >>> 0;
    else seqS = (seqS + adv) >>> 0;
  };
  if (o.handshake ?? true) {
    push(true, SYN, new Uint8Array(0), { options: synOptions(mss) });
    t += rtt / 2;
    push(false, SYN | ACK, new Uint8Array(0), { options: synOptions(Math.min(mss, 1460)) });
    t += rtt / 2;
    push(true, ACK, new Uint8Array(0));
  }
  for (const turn of o.turns) {
    const fromCli = turn.from === 'cli';
    t += think;
    let unacked = 0;
    for (let off = 0; off < turn.data.length; off += mss) {
      const end = Math.min(turn.data.length, off + mss);
      const last = end === turn.data.length;
      push(fromCli, last ? PSH | ACK : ACK, turn.data.subarray(off, end));
      unacked++;
      if (unacked === ackEvery || last) {
        // The receiver's ACK arrives half a round trip later; the sender keeps going meanwhile.
        const sendT = t;
        t += rtt / 2;
        push(!fromCli, ACK, new Uint8Array(0));
        t = last ? t : sendT + gap;
        unacked = 0;
      } else {
        t += gap;
      }
    }
  }
  const close = o.close ?? 'fin';
  if (close === 'fin') {
    t += think;
    push(true, FIN | ACK, new Uint8Array(0));
    t += rtt / 2;
    push(false, FIN | ACK, new Uint8Array(0));
    t += rtt / 2;
    push(true, ACK, new Uint8Array(0));
  } else if (close === 'rst') {
    t += think;
    push(true, RST | ACK, new Uint8Array(0));
  }
  // ACK timing above can place a receiver's ACK after later data; captures are in time order.
  frames.sort((a, b) => a.tUs - b.tUs);
  return { frames, endUs: frames.length ? frames[frames.length - 1].tUs : t };
}
