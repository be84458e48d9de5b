/**
 * Small, dependency-free capture writers for tests, samples and bench generators.
 * pcap: 24-byte header + records. pcapng: sections of SHB, IDBs and EPB/SPB/PB blocks
 * (plus raw blocks of any type), in either byte order. Exact, not fast-at-all-costs;
 * PcapWriter.writeRecord() writes into a caller's buffer for big generated files.
 */

export interface WriteRecord {
  sec: number;
  /** Sub-second part: give nsec or usec (default 0). */
  nsec?: number;
  usec?: number;
  data: Uint8Array;
  /** Original length on the wire (default data.length). */
  origLen?: number;
}

export interface PcapWriteOptions {
  linktype: number;
  /** Nanosecond file (magic a1b23c4d) instead of microseconds. */
  nanos?: boolean;
  bigEndian?: boolean;
  /** Default 262144. */
  snaplen?: number;
}

function subsec(r: { nsec?: number; usec?: number }, nanos: boolean): number {
  if (nanos) return r.nsec ?? (r.usec ?? 0) * 1000;
  return r.usec ?? Math.floor((r.nsec ?? 0) / 1000);
}

export class PcapWriter {
  readonly bigEndian: boolean;
  readonly nanos: boolean;

  constructor(readonly opts: PcapWriteOptions) {
    this.bigEndian = opts.bigEndian ?? false;
    this.nanos = opts.nanos ?? false;
  }

  header(): Buffer {
    const b = Buffer.alloc(24);
    const be = this.bigEndian;
    w32(b, 0, this.nanos ? 0xa1b23c4d : 0xa1b2c3d4, be);
    w16(b, 4, 2, be);
    w16(b, 6, 4, be);
    w32(b, 16, this.opts.snaplen ?? 262144, be);
    w32(b, 20, this.opts.linktype, be);
    return b;
  }

  /** Bytes a record of this captured length takes. */
  static recordSize(caplen: number): number {
    return 16 + caplen;
  }

  /** Writes one record into buf at off (room must be there); returns the offset after it. */
  writeRecord(buf: Buffer, off: number, sec: number, sub: number, data: Uint8Array, origLen = data.length): number {
    const be = this.bigEndian;
    w32(buf, off, sec, be);
    w32(buf, off + 4, sub, be);
    w32(buf, off + 8, data.length, be);
    w32(buf, off + 12, origLen, be);
    buf.set(data, off + 16);
    return off + 16 + data.length;
  }

  record(r: WriteRecord): Buffer {
    const b = Buffer.alloc(16 + r.data.length);
    this.writeRecord(b, 0, r.sec, subsec(r, this.nanos), r.data, r.origLen);
    return b;
  }
}

/** A whole classic pcap file. */
export function pcapFile(records: WriteRecord[], opts: PcapWriteOptions): Buffer {
  const w = new PcapWriter(opts);
  return Buffer.concat([w.header(), ...records.map((r) => w.record(r))]);
}

// ---- pcapng ----

export interface NgInterface {
  linktype: number;
  /** Default 0 (no limit). */
  snaplen?: number;
  /** The if_tsresol option byte (high bit clear: 10^-n, set: 2^-n); omitted = 6 (µs), option not written. */
  tsresol?: number;
  /** if_tsoffset in seconds; the option is written only when given. */
  tsoffset?: number;
}

/** Timestamp of a packet block: (sec, nsec|usec) as the reader should report it, or raw units. */
interface NgTime {
  sec?: number;
  nsec?: number;
  usec?: number;
  /** Raw 64-bit timestamp in the interface's units (overrides sec/nsec). */
  ts?: bigint;
}

export type NgBlock =
  | ({ kind: 'epb'; iface?: number; data: Uint8Array; origLen?: number; /** raw option bytes (already padded, end-of-options included) */ options?: Uint8Array } & NgTime)
  | ({ kind: 'pb'; iface?: number; data: Uint8Array; origLen?: number } & NgTime)
  | { kind: 'spb'; data: Uint8Array; origLen?: number }
  | ({ kind: 'idb' } & NgInterface)
  | { kind: 'raw'; type: number; body: Uint8Array };

export interface NgSection {
  bigEndian?: boolean;
  interfaces?: NgInterface[];
  blocks: NgBlock[];
}

const pad4 = (n: number): number => (n + 3) & ~3;

export class PcapngWriter {
  private be = false;
  private ifs: NgInterface[] = [];

  /** SHB (starting a new section: interfaces reset) followed by an IDB per interface. */
  section(opts: { bigEndian?: boolean; interfaces?: NgInterface[] } = {}): Buffer {
    this.be = opts.bigEndian ?? false;
    this.ifs = [];
    const shb = Buffer.alloc(28);
    w32(shb, 0, 0x0a0d0d0a, this.be);
    w32(shb, 4, 28, this.be);
    w32(shb, 8, 0x1a2b3c4d, this.be);
    w16(shb, 12, 1, this.be);
    w16(shb, 14, 0, this.be);
    // Section length unknown: -1.
    shb.fill(0xff, 16, 24);
    w32(shb, 24, 28, this.be);
    return Buffer.concat([shb, ...(opts.interfaces ?? []).map((i) => this.interface(i))]);
  }

  interface(i: NgInterface): Buffer {
    this.ifs.push(i);
    const opts: Buffer[] = [];
    if (i.tsresol !== undefined) opts.push(this.option(9, Buffer.from([i.tsresol])));
    if (i.tsoffset !== undefined) {
      const v = Buffer.alloc(8);
      if (this.be) v.writeBigInt64BE(BigInt(i.tsoffset));
      else v.writeBigInt64LE(BigInt(i.tsoffset));
      opts.push(this.option(14, v));
    }
    if (opts.length) opts.push(Buffer.alloc(4)); // opt_endofopt
    const body = Buffer.alloc(8);
    w16(body, 0, i.linktype, this.be);
    w32(body, 4, i.snaplen ?? 0, this.be);
    return this.block(1, Buffer.concat([body, ...opts]));
  }

  private option(code: number, value: Uint8Array): Buffer {
    const b = Buffer.alloc(4 + pad4(value.length));
    w16(b, 0, code, this.be);
    w16(b, 2, value.length, this.be);
    b.set(value, 4);
    return b;
  }

  /** Any block: type, total length, body padded to 4, total length. */
  block(type: number, body: Uint8Array): Buffer {
    const len = 12 + pad4(body.length);
    const b = Buffer.alloc(len);
    w32(b, 0, type, this.be);
    w32(b, 4, len, this.be);
    b.set(body, 8);
    w32(b, len - 4, len, this.be);
    return b;
  }

  /** The raw timestamp of (sec, nsec) in interface `iface`'s units, tsoffset subtracted. */
  units(iface: number, t: NgTime): bigint {
    if (t.ts !== undefined) return t.ts;
    const i = this.ifs[iface];
    const r = i?.tsresol ?? 6;
    const perSec = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
    const nsec = BigInt(t.nsec ?? (t.usec ?? 0) * 1000);
    const sec = BigInt(t.sec ?? 0) - BigInt(i?.tsoffset ?? 0);
    return sec * perSec + (nsec * perSec) / 1000000000n;
  }

  epb(iface: number, t: NgTime, data: Uint8Array, origLen = data.length, options?: Uint8Array): Buffer {
    const ts = this.units(iface, t);
    const head = Buffer.alloc(20);
    w32(head, 0, iface, this.be);
    w32(head, 4, Number(ts >> 32n), this.be);
    w32(head, 8, Number(ts & 0xffffffffn), this.be);
    w32(head, 12, data.length, this.be);
    w32(head, 16, origLen, this.be);
    const padded = Buffer.alloc(pad4(data.length));
    padded.set(data);
    return this.block(6, Buffer.concat([head, padded, options ?? Buffer.alloc(0)]));
  }

  pb(iface: number, t: NgTime, data: Uint8Array, origLen = data.length): Buffer {
    const ts = this.units(iface, t);
    const head = Buffer.alloc(20);
    w16(head, 0, iface, this.be);
    w32(head, 4, Number(ts >> 32n), this.be);
    w32(head, 8, Number(ts & 0xffffffffn), this.be);
    w32(head, 12, data.length, this.be);
    w32(head, 16, origLen, this.be);
    return this.block(2, Buffer.concat([head, data]));
  }

  /** Simple Packet Block: the data as given (the writer does not cut it to the snaplen). */
  spb(data: Uint8Array, origLen = data.length): Buffer {
    const head = Buffer.alloc(4);
    w32(head, 0, origLen, this.be);
    return this.block(3, Buffer.concat([head, data]));
  }

  write(b: NgBlock): Buffer {
    switch (b.kind) {
      case 'epb':
        return this.epb(b.iface ?? 0, b, b.data, b.origLen, b.options);
      case 'pb':
        return this.pb(b.iface ?? 0, b, b.data, b.origLen);
      case 'spb':
        return this.spb(b.data, b.origLen);
      case 'idb':
        return this.interface(b);
      case 'raw':
        return this.block(b.type, b.body);
    }
  }
}

/** A whole pcapng file of one or more sections. */
export function pcapngFile(sections: NgSection | NgSection[]): Buffer {
  const w = new PcapngWriter();
  const parts: Buffer[] = [];
  for (const s of Array.isArray(sections) ? sections : [sections]) {
    parts.push(w.section(s));
    for (const b of s.blocks) parts.push(w.write(b));
  }
  return Buffer.concat(parts);
}

function w32(b: Buffer, p: number, v: number, be: boolean): void {
  if (be) b.writeUInt32BE(v >>> 0, p);
  else b.writeUInt32LE(v >>> 0, p);
}

function w16(b: Buffer, p: number, v: number, be: boolean): void {
  if (be) b.writeUInt16BE(v & 0xffff, p);
  else b.writeUInt16LE(v & 0xffff, p);
}
