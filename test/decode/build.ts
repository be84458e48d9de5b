/**
 * Byte builders for the decoder tests: each layer is a plain array of bytes, every field
 * settable, so that malformed headers are easy to craft (valid whole packets and captures:
 * scripts/support/packets.ts, which also parses the addresses here).
 */
import { Decoder, type DecoderOptions } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../../lib/decode/packet.js';
import { parseIp } from '../../scripts/support/packets.js';

export type Bytes = number[];

export const u16 = (v: number): Bytes => [(v >>> 8) & 255, v & 255];
export const u32 = (v: number): Bytes => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
export const le32 = (v: number): Bytes => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
export const hex = (h: string): Bytes => (h.replace(/\s+/g, '').match(/../g) ?? []).map((x) => parseInt(x, 16));
export const text = (t: string): Bytes => [...Buffer.from(t, 'latin1')];

function addr(a: string): Bytes {
  return [...parseIp(a)];
}

const MAC_A = hex('001122334455');
const MAC_B = hex('66778899aabb');

export function eth(type: number, payload: Bytes, tags: number[] = []): Bytes {
  const out = [...MAC_B, ...MAC_A];
  // Outer tag 802.1ad when there are two or more, like a real QinQ frame.
  tags.forEach((vid, i) => out.push(...u16(i === 0 && tags.length > 1 ? 0x88a8 : 0x8100), ...u16(vid)));
  return [...out, ...u16(type), ...payload];
}

export interface V4 {
  src?: string;
  dst?: string;
  proto: number;
  id?: number;
  /** Fragment offset in bytes (multiple of 8). */
  fragOff?: number;
  more?: boolean;
  options?: Bytes;
  /** Override the total length field. */
  totalLength?: number;
  /** Override the IHL field. */
  ihl?: number;
}

export function ipv4(h: V4, payload: Bytes): Bytes {
  const opts = h.options ?? [];
  const hl = 20 + opts.length;
  const total = h.totalLength ?? hl + payload.length;
  const frag = ((h.fragOff ?? 0) >> 3) | (h.more ? 0x2000 : 0);
  return [
    0x40 | (h.ihl ?? hl / 4),
    0,
    ...u16(total),
    ...u16(h.id ?? 0x1234),
    ...u16(frag),
    64,
    h.proto,
    0,
    0,
    ...addr(h.src ?? '10.0.0.1'),
    ...addr(h.dst ?? '10.0.0.2'),
    ...opts,
    ...payload,
  ];
}

export interface V6 {
  src?: string;
  dst?: string;
  nh: number;
  payloadLength?: number;
}

export function ipv6(h: V6, payload: Bytes): Bytes {
  return [
    0x60,
    0,
    0,
    0,
    ...u16(h.payloadLength ?? payload.length),
    h.nh,
    64,
    ...addr(h.src ?? '2001:db8::1'),
    ...addr(h.dst ?? '2001:db8::2'),
    ...payload,
  ];
}

/** An IPv6 extension header (hop-by-hop, routing, destination options) of `len8` 8-byte units. */
export function ext6(nh: number, len8: number): Bytes {
  const b = [nh, len8 - 1];
  while (b.length < len8 * 8) b.push(b.length === 2 ? 1 : 0);
  return b;
}

export function frag6(nh: number, off: number, more: boolean, id: number): Bytes {
  return [nh, 0, ...u16(off | (more ? 1 : 0)), ...u32(id)];
}

export interface Tcp {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  options?: Bytes;
  /** Override the data offset field (4-byte words). */
  doff?: number;
}

export function tcp(h: Tcp, payload: Bytes = []): Bytes {
  const opts = h.options ?? [];
  const doff = h.doff ?? (20 + opts.length) / 4;
  return [
    ...u16(h.sport ?? 40000),
    ...u16(h.dport ?? 80),
    ...u32(h.seq ?? 1000),
    ...u32(h.ack ?? 0),
    doff << 4,
    h.flags ?? 0x02,
    ...u16(65535),
    0,
    0,
    0,
    0,
    ...opts,
    ...payload,
  ];
}

export function udp(sport: number, dport: number, payload: Bytes, length?: number): Bytes {
  return [...u16(sport), ...u16(dport), ...u16(length ?? 8 + payload.length), 0, 0, ...payload];
}

export interface Decoded {
  status: DecodeStatus;
  pkt: PacketInfo;
  payload: Bytes;
}

/** Decode one frame placed at a non-zero offset in a larger buffer (bytes after it are 0xEE). */
export function decodeOne(frame: Bytes, linktype = 1, opts: DecoderOptions & { wirelen?: number; caplen?: number } = {}, dec = new Decoder(opts)): Decoded {
  const buf = new Uint8Array(frame.length + 64).fill(0xee);
  buf.set(frame, 16);
  const pkt = new PacketInfo();
  const caplen = opts.caplen ?? frame.length;
  const status = dec.decode(buf, 16, caplen, opts.wirelen ?? caplen, linktype, 1000, 0, pkt);
  return { status, pkt, payload: [...pkt.payload.subarray(pkt.payloadOff, pkt.payloadOff + pkt.payloadLen)] };
}

/** The single problem a decoder counted (fails when there is not exactly one). */
export function onlyProblem(dec: Decoder): string {
  const all = [...dec.problems.keys()];
  if (all.length !== 1) throw new Error(`expected one problem, got ${JSON.stringify([...dec.problems])}`);
  return all[0];
}
