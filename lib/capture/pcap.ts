/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte header + data.
 * Format: https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/
 * Magic a1b2c3d4 = microsecond timestamps, a1b23c4d = nanosecond; either byte order.
 *
 * The record loop is written twice (little / big endian) so the byte order costs no
 * branch per record; fields are read with plain byte math, no DataView.
 *
 * Files of format version before 2.3 (and DG/UX's 543.x) store the original length before
 * the captured length; version 2.3 files were written both ways. The fields are exchanged
 * as libpcap does (sf-pcap.c, `lengths_swapped`): always before 2.3 and for 543, for 2.3
 * only when the captured length exceeds the original.
 */
import { CaptureError, type CaptureFormat, type RecordSink } from './types.js';
import { D0, MAX_CAPLEN, type RecordWalker } from './walker.js';

export const PCAP_HEADER_LEN = 24;
export const PCAP_RECORD_HEADER_LEN = 16;

/** What the first four bytes say about a classic pcap file, or null if they are not one. */
export function pcapMagic(b: Uint8Array, p = 0): { bigEndian: boolean; nanos: boolean } | null {
  const b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
  if (b0 === 0xa1 && b1 === 0xb2 && b2 === 0xc3 && b3 === 0xd4) return { bigEndian: true, nanos: false };
  if (b0 === 0xd4 && b1 === 0xc3 && b2 === 0xb2 && b3 === 0xa1) return { bigEndian: false, nanos: false };
  if (b0 === 0xa1 && b1 === 0xb2 && b2 === 0x3c && b3 === 0x4d) return { bigEndian: true, nanos: true };
  if (b0 === 0x4d && b1 === 0x3c && b2 === 0xb2 && b3 === 0xa1) return { bigEndian: false, nanos: true };
  return null;
}

export class PcapWalker implements RecordWalker {
  readonly format: CaptureFormat;
  readonly bigEndian: boolean;
  private readonly nanos: boolean;
  private headerDone = false;
  /** How caplen and wirelen are exchanged: LENGTHS_AS_IS, LENGTHS_SWAPPED or LENGTHS_MAYBE_SWAPPED. */
  lengthsSwapped = LENGTHS_AS_IS;
  snaplen = 0;
  /** Records whose captured length was beyond the limit and was read as their original length. */
  repaired = 0;
  /** Stream offset of the first such record. */
  firstRepairedOffset = 0;
  linktype = 0;
  records = 0;
  bytes = D0;
  firstSec = D0;
  firstNsec = D0;
  lastSec = D0;
  lastNsec = D0;
  readonly linktypes = new Set<number>();
  need = 0;
  needIsHeader = false;
  skipStart = 0;
  skipLength = 0;

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
    magic: { bigEndian: boolean; nanos: boolean },
    /** Largest record accepted (the frame-size limit). */
    private readonly maxCaplen = MAX_CAPLEN,
  ) {
    this.bigEndian = magic.bigEndian;
    this.nanos = magic.nanos;
    this.format = magic.nanos ? 'pcap-nsec' : 'pcap';
  }

  walk(b: Uint8Array, pos: number, end: number, base: number): number {
    if (!this.headerDone) {
      if (end - pos < PCAP_HEADER_LEN) {
        this.need = PCAP_HEADER_LEN;
        this.needIsHeader = true;
        return pos;
      }
      const be = this.bigEndian;
      this.lengthsSwapped = lengthOrder(rd16(b, pos + 4, be), rd16(b, pos + 6, be));
      this.snaplen = rd32(b, pos + 16, be);
      // The upper bits of the link-type field carry FCS flags (LT_FCS_*); keep the type.
      this.linktype = rd32(b, pos + 20, be) & 0x03ffffff;
      this.headerDone = true;
      pos += PCAP_HEADER_LEN;
    }
    return this.bigEndian ? this.walkBE(b, pos, end, base) : this.walkLE(b, pos, end, base);
  }

  private walkLE(b: Uint8Array, p: number, end: number, base: number): number {
    const sink = this.sink;
    const lt = this.linktype;
    const limit = this.limit();
    const mult = this.nanos ? 1 : 1000;
    const swap = this.lengthsSwapped;
    let n = 0, bytes = 0, sec = 0, nsec = 0;
    this.need = 0;
    while (end - p >= PCAP_RECORD_HEADER_LEN) {
      let caplen = (b[p + 8] | (b[p + 9] << 8) | (b[p + 10] << 16) | (b[p + 11] << 24)) >>> 0;
      let wirelen = (b[p + 12] | (b[p + 13] << 8) | (b[p + 14] << 16) | (b[p + 15] << 24)) >>> 0;
      if (swap !== LENGTHS_AS_IS && (swap === LENGTHS_SWAPPED || caplen > wirelen)) [caplen, wirelen] = [wirelen, caplen];
      if (caplen > limit) caplen = this.oversized(base + p, caplen, wirelen);
      if (end - p - PCAP_RECORD_HEADER_LEN < caplen) {
        this.need = PCAP_RECORD_HEADER_LEN + caplen;
        this.needIsHeader = false;
        break;
      }
      sec = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
      nsec = ((b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0) * mult;
      if (nsec >= 1e9) ({ sec, nsec } = carry(sec, nsec));
      if (n === 0 && this.records === 0) {
        this.firstSec = sec;
        this.firstNsec = nsec;
      }
      sink.onRecord(b, p + PCAP_RECORD_HEADER_LEN, caplen, wirelen, sec, nsec, lt);
      n++;
      bytes += wirelen;
      p += PCAP_RECORD_HEADER_LEN + caplen;
    }
    return this.finish(p, end, n, bytes, sec, nsec);
  }

  private walkBE(b: Uint8Array, p: number, end: number, base: number): number {
    const sink = this.sink;
    const lt = this.linktype;
    const limit = this.limit();
    const mult = this.nanos ? 1 : 1000;
    const swap = this.lengthsSwapped;
    let n = 0, bytes = 0, sec = 0, nsec = 0;
    this.need = 0;
    while (end - p >= PCAP_RECORD_HEADER_LEN) {
      let caplen = ((b[p + 8] << 24) | (b[p + 9] << 16) | (b[p + 10] << 8) | b[p + 11]) >>> 0;
      let wirelen = ((b[p + 12] << 24) | (b[p + 13] << 16) | (b[p + 14] << 8) | b[p + 15]) >>> 0;
      if (swap !== LENGTHS_AS_IS && (swap === LENGTHS_SWAPPED || caplen > wirelen)) [caplen, wirelen] = [wirelen, caplen];
      if (caplen > limit) caplen = this.oversized(base + p, caplen, wirelen);
      if (end - p - PCAP_RECORD_HEADER_LEN < caplen) {
        this.need = PCAP_RECORD_HEADER_LEN + caplen;
        this.needIsHeader = false;
        break;
      }
      sec = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
      nsec = (((b[p + 4] << 24) | (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7]) >>> 0) * mult;
      if (nsec >= 1e9) ({ sec, nsec } = carry(sec, nsec));
      if (n === 0 && this.records === 0) {
        this.firstSec = sec;
        this.firstNsec = nsec;
      }
      sink.onRecord(b, p + PCAP_RECORD_HEADER_LEN, caplen, wirelen, sec, nsec, lt);
      n++;
      bytes += wirelen;
      p += PCAP_RECORD_HEADER_LEN + caplen;
    }
    return this.finish(p, end, n, bytes, sec, nsec);
  }

  truncated(base: number, fill: number): string | null {
    if (fill === 0) return null;
    if (!this.headerDone) return `truncated pcap file header at offset ${base}: ${fill} of ${PCAP_HEADER_LEN} bytes`;
    return `truncated ${this.needIsHeader ? 'record header' : 'record'} at offset ${base}: ${fill} of ${this.need} bytes`;
  }

  /** Largest caplen allowed: the snaplen when set, never above MAX_CAPLEN. */
  private limit(): number {
    return this.snaplen !== 0 && this.snaplen < this.maxCaplen ? this.snaplen : this.maxCaplen;
  }

  /**
   * A record whose captured length is beyond the limit. When its original length is within
   * the limit and smaller, the captured length is the damaged field (a capture never holds
   * more than was on the wire): the record is read as its original length and counted in
   * `repaired` (a warning). Otherwise the file cannot be read on: CaptureError.
   */
  private oversized(offset: number, caplen: number, wirelen: number): number {
    if (wirelen < caplen && wirelen <= this.limit()) {
      if (this.repaired++ === 0) this.firstRepairedOffset = offset;
      return wirelen;
    }
    return this.tooLong(offset, caplen);
  }

  private tooLong(offset: number, caplen: number): never {
    const reason =
      caplen > this.maxCaplen
        ? `record length ${caplen} exceeds the ${this.maxCaplen}-byte limit (--max-frame)`
        : `record length ${caplen} exceeds the file's snaplen ${this.snaplen}`;
    throw new CaptureError(this.file, offset, reason);
  }

  private finish(p: number, end: number, n: number, bytes: number, sec: number, nsec: number): number {
    if (n !== 0) {
      this.records += n;
      this.bytes += bytes;
      this.lastSec = sec;
      this.lastNsec = nsec;
      this.linktypes.add(this.linktype);
    }
    if (this.need === 0 && p < end) {
      this.need = PCAP_RECORD_HEADER_LEN;
      this.needIsHeader = true;
    }
    return p;
  }
}

/** Record lengths in the order the format defines: captured, then original. */
export const LENGTHS_AS_IS = 0;
/** Original length first (versions before 2.3, DG/UX 543.x). */
export const LENGTHS_SWAPPED = 1;
/** Version 2.3: either order; the larger of the two is the original length. */
export const LENGTHS_MAYBE_SWAPPED = 2;

/** How a file of this format version orders the two record lengths (as libpcap decides). */
export function lengthOrder(major: number, minor: number): number {
  if (major === 2) return minor < 3 ? LENGTHS_SWAPPED : minor === 3 ? LENGTHS_MAYBE_SWAPPED : LENGTHS_AS_IS;
  return major === 543 ? LENGTHS_SWAPPED : LENGTHS_AS_IS;
}

/** A sub-second field of a second or more (hostile or broken writers): carry it into the seconds. */
function carry(sec: number, nsec: number): { sec: number; nsec: number } {
  return { sec: sec + Math.floor(nsec / 1e9), nsec: nsec % 1e9 };
}

function rd16(b: Uint8Array, p: number, be: boolean): number {
  return be ? (b[p] << 8) | b[p + 1] : b[p] | (b[p + 1] << 8);
}

function rd32(b: Uint8Array, p: number, be: boolean): number {
  return be
    ? ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0
    : (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}
