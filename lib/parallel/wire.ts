/**
 * The packet stream of a `--jobs N` run (lib/parallel/run.ts → worker.ts): the reading thread
 * decodes each record once and appends it, numbered, to the batch of the worker that owns its
 * host pair; a batch is one ArrayBuffer, transferred (never cloned) to the worker. Besides
 * packets the stream carries what every worker must see at its place in the one-thread
 * order: the idle sweep a new second of packet time starts (a tick, to every worker), the
 * memory budget's check points, and the capture file being read.
 *
 * Records (little-endian): a type byte, then
 * - PACKET: ipVersion u8, proto u8, tunnel u8, seq f64, tsSec f64, tsNsec u32, wirelen u32,
 *   frames u32, src 4×u32, dst 4×u32, sport u16, dport u16, vlanId u16, tcpFlags u16,
 *   tcpSeq u32, tcpAck u32, tcpWin u16, icmpType u8, icmpCode u8, icmpId u16, pre u8, (1 spare),
 *   payloadLen u32, then `pre` bytes before the payload (ICMP: its header, up to 8 bytes, which
 *   the risk pass checksums) and the payload;
 * - TICK: seq f64 (the packet that starts the second), sec f64, nsec u32;
 * - MEMCHECK: seq f64 (the packet after which analyze() checks the budget);
 * - CAPTURE: the file's index u32.
 */
import type { PacketInfo } from '../decode/packet.js';

export const enum Rec {
  Packet = 0,
  Tick = 1,
  MemCheck = 2,
  Capture = 3,
}

const PACKET_HEAD = 92;

/** Which worker owns a packet: a hash of its two addresses, the same both ways. */
export function shardOfPacket(p: PacketInfo, shards: number): number {
  const a = p.src;
  const b = p.dst;
  const h = p.ipVersion === 6 ? mix(a[0], a[1], a[2], a[3]) ^ mix(b[0], b[1], b[2], b[3]) : mix(a[0], 0, 0, 0) ^ mix(b[0], 0, 0, 0);
  return (h >>> 0) % shards;
}

/** 32-bit mix of an address's four words (murmur3's finalizer over a running combination). */
function mix(w0: number, w1: number, w2: number, w3: number): number {
  let h = 0x9e3779b9;
  h = Math.imul(h ^ w0, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ w1, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ w2, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ w3, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One worker's batch being filled. */
export class BatchWriter {
  buf: ArrayBuffer;
  view: DataView;
  bytes: Uint8Array;
  pos = 0;
  /** Records in the batch. */
  count = 0;

  constructor(
    private readonly size: number,
    /** Batches given back by the workers, to be filled again (each of `size` bytes or more). */
    private readonly pool: ArrayBuffer[] = [],
  ) {
    this.buf = new ArrayBuffer(size);
    this.view = new DataView(this.buf);
    this.bytes = new Uint8Array(this.buf);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.byteLength) return;
    let size = this.buf.byteLength * 2;
    while (size < this.pos + n) size *= 2;
    const b = new ArrayBuffer(size);
    const bytes = new Uint8Array(b);
    bytes.set(this.bytes.subarray(0, this.pos));
    this.buf = b;
    this.view = new DataView(b);
    this.bytes = bytes;
  }

  /** Hands the filled batch over (to be transferred) and starts a new one. */
  take(): { buf: ArrayBuffer; len: number } {
    const r = { buf: this.buf, len: this.pos };
    this.buf = this.pool.pop() ?? new ArrayBuffer(this.size);
    this.view = new DataView(this.buf);
    this.bytes = new Uint8Array(this.buf);
    this.pos = 0;
    this.count = 0;
    return r;
  }

  packet(seq: number, p: PacketInfo): void {
    const len = p.payloadLen;
    const pre = p.proto === 1 ? Math.min(8, p.payloadOff) : 0;
    this.room(PACKET_HEAD + pre + len);
    const v = this.view;
    const o = this.pos;
    v.setUint8(o, Rec.Packet);
    v.setUint8(o + 1, p.ipVersion);
    v.setUint8(o + 2, p.proto);
    v.setUint8(o + 3, p.tunnel);
    v.setFloat64(o + 4, seq, true);
    v.setFloat64(o + 12, p.tsSec, true);
    v.setUint32(o + 20, p.tsNsec, true);
    v.setUint32(o + 24, p.wirelen, true);
    v.setUint32(o + 28, p.frames, true);
    for (let i = 0; i < 4; i++) {
      v.setUint32(o + 32 + 4 * i, p.src[i], true);
      v.setUint32(o + 48 + 4 * i, p.dst[i], true);
    }
    v.setUint16(o + 64, p.sport, true);
    v.setUint16(o + 66, p.dport, true);
    v.setUint16(o + 68, p.vlanId, true);
    v.setUint16(o + 70, p.tcpFlags, true);
    v.setUint32(o + 72, p.tcpSeq, true);
    v.setUint32(o + 76, p.tcpAck, true);
    v.setUint16(o + 80, p.tcpWin, true);
    v.setUint8(o + 82, p.icmpType);
    v.setUint8(o + 83, p.icmpCode);
    v.setUint16(o + 84, p.icmpId, true);
    v.setUint8(o + 86, pre);
    v.setUint32(o + 88, len, true);
    if (len + pre > 0) this.bytes.set(p.payload.subarray(p.payloadOff - pre, p.payloadOff + len), o + PACKET_HEAD);
    this.pos = o + PACKET_HEAD + pre + len;
    this.count++;
  }

  tick(seq: number, sec: number, nsec: number): void {
    this.room(21);
    const v = this.view;
    const o = this.pos;
    v.setUint8(o, Rec.Tick);
    v.setFloat64(o + 1, seq, true);
    v.setFloat64(o + 9, sec, true);
    v.setUint32(o + 17, nsec, true);
    this.pos = o + 21;
    this.count++;
  }

  memCheck(seq: number): void {
    this.room(9);
    this.view.setUint8(this.pos, Rec.MemCheck);
    this.view.setFloat64(this.pos + 1, seq, true);
    this.pos += 9;
    this.count++;
  }

  capture(index: number): void {
    this.room(5);
    this.view.setUint8(this.pos, Rec.Capture);
    this.view.setUint32(this.pos + 1, index, true);
    this.pos += 5;
    this.count++;
  }
}

/** What a reader of a batch is told, record by record. */
export interface BatchHandler {
  packet(seq: number, p: PacketInfo): void;
  tick(seq: number, sec: number, nsec: number): void;
  memCheck(seq: number): void;
  capture(index: number): void;
}

/** Reads a batch into `p` (its payload a view of the batch) record by record. */
export function readBatch(buf: ArrayBuffer, len: number, p: PacketInfo, h: BatchHandler): void {
  const v = new DataView(buf, 0, len);
  const bytes = new Uint8Array(buf, 0, len);
  let o = 0;
  while (o < len) {
    const t = v.getUint8(o);
    if (t === Rec.Packet) {
      p.ipVersion = v.getUint8(o + 1) as 0 | 4 | 6;
      p.proto = v.getUint8(o + 2);
      p.tunnel = v.getUint8(o + 3);
      const seq = v.getFloat64(o + 4, true);
      p.tsSec = v.getFloat64(o + 12, true);
      p.tsNsec = v.getUint32(o + 20, true);
      p.wirelen = v.getUint32(o + 24, true);
      p.frames = v.getUint32(o + 28, true);
      for (let i = 0; i < 4; i++) {
        p.src[i] = v.getUint32(o + 32 + 4 * i, true);
        p.dst[i] = v.getUint32(o + 48 + 4 * i, true);
      }
      p.sport = v.getUint16(o + 64, true);
      p.dport = v.getUint16(o + 66, true);
      p.vlanId = v.getUint16(o + 68, true);
      p.tcpFlags = v.getUint16(o + 70, true);
      p.tcpSeq = v.getUint32(o + 72, true);
      p.tcpAck = v.getUint32(o + 76, true);
      p.tcpWin = v.getUint16(o + 80, true);
      p.icmpType = v.getUint8(o + 82);
      p.icmpCode = v.getUint8(o + 83);
      p.icmpId = v.getUint16(o + 84, true);
      const pre = v.getUint8(o + 86);
      const n = v.getUint32(o + 88, true);
      if (pre === 0) {
        p.payload = bytes;
        p.payloadOff = o + PACKET_HEAD;
      } else {
        // the payload at offset `pre` of its own view, as it was after the ICMP header
        p.payload = bytes.subarray(o + PACKET_HEAD);
        p.payloadOff = pre;
      }
      p.payloadLen = n;
      o += PACKET_HEAD + pre + n;
      h.packet(seq, p);
    } else if (t === Rec.Tick) {
      h.tick(v.getFloat64(o + 1, true), v.getFloat64(o + 9, true), v.getUint32(o + 17, true));
      o += 21;
    } else if (t === Rec.MemCheck) {
      h.memCheck(v.getFloat64(o + 1, true));
      o += 9;
    } else if (t === Rec.Capture) {
      h.capture(v.getUint32(o + 1, true));
      o += 5;
    } else {
      throw new Error(`--jobs: bad record type ${t} at offset ${o} of a batch`);
    }
  }
}
