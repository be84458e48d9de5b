/**
 * pcapng: a sequence of blocks (type, total length, body, total length).
 * Format: https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/
 * Handled: Section Header (each resets the interfaces and may switch byte order),
 * Interface Description (link type, snaplen, if_tsresol, if_tsoffset), Enhanced Packet,
 * Simple Packet, the obsolete Packet block; every other block is skipped by its length.
 *
 * Enhanced Packet Blocks take the fast loop (written once per byte order, no DataView);
 * everything else goes through slowBlock(). Timestamps are converted to (sec, nsec)
 * exactly, from the 64-bit count split in two 32-bit words.
 */
import { CaptureError, type RecordSink } from './types.js';
import { D0, MAX_CAPLEN, type RecordWalker } from './walker.js';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
/** EPB and PB: 28 bytes of header before the packet data, 4 after (trailing length). */
const PKT_HDR = 28;
/**
 * Options a packet block may carry: a packet block is at most its header, the largest
 * packet (the frame limit) and 128 KiB of options, as libpcap bounds blocks
 * (MAX_BLOCKSIZE_FOR_SNAPLEN in sf-pcapng.c). Packet blocks are read whole (the trailing
 * length is checked before the packet counts), so this bounds the read buffer.
 */
const MAX_PACKET_OPTIONS = 131072;
/** An IDB carries only options besides its 20 fixed bytes: refuse absurd ones. */
const MAX_IDB_LEN = 1 << 20;
/** Interfaces per section (real captures have a handful; the id field allows 2^32). */
const MAX_INTERFACES = 65536;

const SECONDS_PER_HIGH_WORD = 4294967296;

/** True if the bytes at p start a pcapng Section Header Block. */
export function pcapngMagic(b: Uint8Array, p = 0): boolean {
  return b[p] === 0x0a && b[p + 1] === 0x0d && b[p + 2] === 0x0d && b[p + 3] === 0x0a;
}

/** One interface of the current section, with its timestamp conversion prepared. */
class Iface {
  /** Largest caplen accepted: the snaplen when set, at most MAX_CAPLEN. */
  readonly limit: number;
  /** 0: decimal resolution 10^-n with n <= 9 (inline); 1: binary 2^-n, n <= 32; 2: BigInt. */
  readonly mode: number;
  /** Mode 0: units per second and nanoseconds per unit. */
  readonly div: number = 1;
  readonly mul: number = 1;
  /** Mode 1: n of 2^-n, and 2^n. */
  readonly shift: number = 0;
  readonly pow: number = 1;
  /** Mode 2: units per second. */
  readonly bigDiv: bigint = 1n;
  seen = false;
  /** Mode 0 cache: for high word hHigh, high*2^32 = hSec*div + hRem (hSec includes the offset). */
  hHigh = -1;
  hSec = D0;
  hRem = D0;

  constructor(
    readonly linktype: number,
    readonly snaplen: number,
    tsresol: number,
    /** if_tsoffset: seconds added to every timestamp. */
    readonly offset: number,
    maxCaplen: number,
  ) {
    this.limit = snaplen !== 0 && snaplen < maxCaplen ? snaplen : maxCaplen;
    const n = tsresol & 0x7f;
    if (tsresol & 0x80) {
      if (n === 0) {
        this.mode = 0;
        this.mul = 1e9;
      } else if (n <= 32) {
        this.mode = 1;
        this.shift = n;
        this.pow = 2 ** n;
      } else {
        this.mode = 2;
        this.bigDiv = 1n << BigInt(n);
      }
    } else if (n <= 9) {
      this.mode = 0;
      this.div = 10 ** n;
      this.mul = 10 ** (9 - n);
    } else {
      this.mode = 2;
      this.bigDiv = 10n ** BigInt(n);
    }
  }

  /** Divides high*2^32 by div in 16-bit steps (every intermediate < 2^53) and caches it. */
  setHigh(high: number): void {
    const d = this.div;
    const hq = Math.floor(high / d);
    let r = high - hq * d;
    r = r * 65536;
    const q1 = Math.floor(r / d);
    r -= q1 * d;
    r = r * 65536;
    const q0 = Math.floor(r / d);
    r -= q0 * d;
    this.hHigh = high;
    this.hSec = hq * SECONDS_PER_HIGH_WORD + q1 * 65536 + q0 + this.offset;
    this.hRem = r;
  }
}

export class PcapngWalker implements RecordWalker {
  readonly format = 'pcapng' as const;
  /** Byte order of the first section. */
  bigEndian = false;
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
  /** Sections seen so far. */
  sections = 0;
  /** A block whose body is being skipped: its stream offset (-1: none), length and type; its trailing length is checked next. */
  private trailerOf = -1;
  private trailerLen = 0;
  private trailerType = 0;

  private be = false;
  private ifs: Iface[] = [];
  private orderChanged = false;
  /** Output of convert(). */
  private tSec = D0;
  private tNsec = D0;

  /** Largest packet block (EPB, PB, SPB) accepted: see MAX_PACKET_OPTIONS. */
  private readonly maxBlock: number;

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
    /** Largest record accepted (the frame-size limit). */
    private readonly maxCaplen = MAX_CAPLEN,
  ) {
    this.maxBlock = PKT_HDR + 4 + maxCaplen + MAX_PACKET_OPTIONS;
  }

  walk(b: Uint8Array, pos: number, end: number, base: number): number {
    this.need = 0;
    if (this.trailerOf >= 0) {
      // the trailing length of a block whose body was skipped
      if (end - pos < 4) {
        this.need = 4;
        this.needIsHeader = true;
        return pos;
      }
      const tl = rd32(b, pos, this.be);
      if (tl !== this.trailerLen) this.fail(this.trailerOf, mismatch(this.trailerLen, tl, this.trailerType));
      this.trailerOf = -1;
      pos += 4;
    }
    for (;;) {
      this.orderChanged = false;
      pos = this.be ? this.walkBE(b, pos, end, base) : this.walkLE(b, pos, end, base);
      // A new section may have switched the byte order: go on with the other loop.
      if (!this.orderChanged || pos >= end || this.need !== 0) break;
    }
    if (this.need === 0 && pos < end) {
      this.need = 8;
      this.needIsHeader = true;
    }
    return pos;
  }

  private walkLE(b: Uint8Array, p: number, end: number, base: number): number {
    const sink = this.sink;
    const ifs = this.ifs;
    const maxBlock = this.maxBlock;
    let n = 0, bytes = 0, sec = this.lastSec, nsec = this.lastNsec;
    while (end - p >= 8) {
      if ((b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) !== EPB) {
        this.flush(n, bytes, sec, nsec);
        n = 0;
        bytes = 0;
        const np = this.slowBlock(b, p, end, base);
        if (np < 0) return p;
        sec = this.lastSec;
        nsec = this.lastNsec;
        p = np;
        if (p > end || this.orderChanged) return p;
        continue;
      }
      if (end - p < PKT_HDR) {
        this.need = PKT_HDR;
        this.needIsHeader = true;
        break;
      }
      const len = (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0;
      const ifid = (b[p + 8] | (b[p + 9] << 8) | (b[p + 10] << 16) | (b[p + 11] << 24)) >>> 0;
      const caplen = (b[p + 20] | (b[p + 21] << 8) | (b[p + 22] << 16) | (b[p + 23] << 24)) >>> 0;
      if (ifid >= ifs.length) this.noIface(base + p, ifid);
      const ifc = ifs[ifid];
      if (caplen > ifc.limit || len < PKT_HDR + 4 + caplen || len > maxBlock || (len & 3) !== 0) this.badPacket(base + p, len, caplen, ifid);
      if (end - p < len) {
        // the whole block: its trailing length is checked before the packet counts
        this.need = len;
        this.needIsHeader = false;
        break;
      }
      const high = (b[p + 12] | (b[p + 13] << 8) | (b[p + 14] << 16) | (b[p + 15] << 24)) >>> 0;
      const low = (b[p + 16] | (b[p + 17] << 8) | (b[p + 18] << 16) | (b[p + 19] << 24)) >>> 0;
      if (ifc.mode === 0) {
        // high*2^32 split as (hSec, hRem) is cached per interface: the high word changes
        // every 71 min (µs) or 4.3 s (ns). hRem + low < 2^33 + 1e9: one exact division.
        if (high !== ifc.hHigh) ifc.setHigh(high);
        const d = ifc.div;
        const x = ifc.hRem + low;
        const q = Math.floor(x / d);
        sec = ifc.hSec + q;
        nsec = (x - q * d) * ifc.mul;
      } else {
        this.convert(ifc, high, low);
        sec = this.tSec;
        nsec = this.tNsec;
      }
      const wirelen = (b[p + 24] | (b[p + 25] << 8) | (b[p + 26] << 16) | (b[p + 27] << 24)) >>> 0;
      if ((b[p + len - 4] | (b[p + len - 3] << 8) | (b[p + len - 2] << 16) | (b[p + len - 1] << 24)) >>> 0 !== len) this.badTrailer(b, p, len, base);
      if (!ifc.seen) this.markSeen(ifc);
      if (n === 0 && this.records === 0) {
        this.firstSec = sec;
        this.firstNsec = nsec;
      }
      sink.onRecord(b, p + PKT_HDR, caplen, wirelen, sec, nsec, ifc.linktype);
      n++;
      bytes += wirelen;
      p += len;
    }
    this.flush(n, bytes, sec, nsec);
    return p;
  }

  private walkBE(b: Uint8Array, p: number, end: number, base: number): number {
    const sink = this.sink;
    const ifs = this.ifs;
    const maxBlock = this.maxBlock;
    let n = 0, bytes = 0, sec = this.lastSec, nsec = this.lastNsec;
    while (end - p >= 8) {
      if (((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) !== EPB) {
        this.flush(n, bytes, sec, nsec);
        n = 0;
        bytes = 0;
        const np = this.slowBlock(b, p, end, base);
        if (np < 0) return p;
        sec = this.lastSec;
        nsec = this.lastNsec;
        p = np;
        if (p > end || this.orderChanged) return p;
        continue;
      }
      if (end - p < PKT_HDR) {
        this.need = PKT_HDR;
        this.needIsHeader = true;
        break;
      }
      const len = ((b[p + 4] << 24) | (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7]) >>> 0;
      const ifid = ((b[p + 8] << 24) | (b[p + 9] << 16) | (b[p + 10] << 8) | b[p + 11]) >>> 0;
      const caplen = ((b[p + 20] << 24) | (b[p + 21] << 16) | (b[p + 22] << 8) | b[p + 23]) >>> 0;
      if (ifid >= ifs.length) this.noIface(base + p, ifid);
      const ifc = ifs[ifid];
      if (caplen > ifc.limit || len < PKT_HDR + 4 + caplen || len > maxBlock || (len & 3) !== 0) this.badPacket(base + p, len, caplen, ifid);
      if (end - p < len) {
        // the whole block: its trailing length is checked before the packet counts
        this.need = len;
        this.needIsHeader = false;
        break;
      }
      const high = ((b[p + 12] << 24) | (b[p + 13] << 16) | (b[p + 14] << 8) | b[p + 15]) >>> 0;
      const low = ((b[p + 16] << 24) | (b[p + 17] << 16) | (b[p + 18] << 8) | b[p + 19]) >>> 0;
      if (ifc.mode === 0) {
        // high*2^32 split as (hSec, hRem) is cached per interface: the high word changes
        // every 71 min (µs) or 4.3 s (ns). hRem + low < 2^33 + 1e9: one exact division.
        if (high !== ifc.hHigh) ifc.setHigh(high);
        const d = ifc.div;
        const x = ifc.hRem + low;
        const q = Math.floor(x / d);
        sec = ifc.hSec + q;
        nsec = (x - q * d) * ifc.mul;
      } else {
        this.convert(ifc, high, low);
        sec = this.tSec;
        nsec = this.tNsec;
      }
      const wirelen = ((b[p + 24] << 24) | (b[p + 25] << 16) | (b[p + 26] << 8) | b[p + 27]) >>> 0;
      if (((b[p + len - 4] << 24) | (b[p + len - 3] << 16) | (b[p + len - 2] << 8) | b[p + len - 1]) >>> 0 !== len) this.badTrailer(b, p, len, base);
      if (!ifc.seen) this.markSeen(ifc);
      if (n === 0 && this.records === 0) {
        this.firstSec = sec;
        this.firstNsec = nsec;
      }
      sink.onRecord(b, p + PKT_HDR, caplen, wirelen, sec, nsec, ifc.linktype);
      n++;
      bytes += wirelen;
      p += len;
    }
    this.flush(n, bytes, sec, nsec);
    return p;
  }

  private flush(n: number, bytes: number, sec: number, nsec: number): void {
    if (n === 0) return;
    this.records += n;
    this.bytes += bytes;
    this.lastSec = sec;
    this.lastNsec = nsec;
  }

  private markSeen(ifc: Iface): void {
    ifc.seen = true;
    this.linktypes.add(ifc.linktype);
  }

  /**
   * Any block but an EPB. Returns the position after it (beyond `end` when its tail must
   * be skipped), or -1 when more bytes are needed first (this.need set).
   */
  private slowBlock(b: Uint8Array, p: number, end: number, base: number): number {
    if (pcapngMagic(b, p)) return this.sectionHeader(b, p, end, base);
    if (this.sections === 0) this.fail(base + p, 'pcapng file does not start with a section header block');
    const be = this.be;
    const type = rd32(b, p, be);
    const len = rd32(b, p + 4, be);
    if (len < 12 || (len & 3) !== 0) this.fail(base + p, `bad block length ${len} (block type ${type})`);
    switch (type) {
      case IDB: {
        if (len < 20) this.fail(base + p, `interface description block too short (${len} bytes)`);
        if (len > MAX_IDB_LEN) this.fail(base + p, `interface description block too large (${len} bytes)`);
        // each interface costs memory for the rest of the section: a file of nothing but
        // IDBs must not grow the heap ~15× its size
        if (this.ifs.length >= MAX_INTERFACES) this.fail(base + p, `more than ${MAX_INTERFACES} interfaces in one section`);
        if (end - p < len) return this.wait(len, false);
        this.checkTrailer(b, p, len, base);
        this.interfaceDescription(b, p, len);
        return p + len;
      }
      case PB: {
        if (end - p < PKT_HDR) return this.wait(PKT_HDR, true);
        const ifid = rd16(b, p + 8, be);
        const caplen = rd32(b, p + 20, be);
        if (ifid >= this.ifs.length) this.noIface(base + p, ifid);
        const ifc = this.ifs[ifid];
        if (caplen > ifc.limit || len < PKT_HDR + 4 + caplen || len > this.maxBlock) this.badPacket(base + p, len, caplen, ifid);
        if (end - p < len) return this.wait(len, false);
        this.checkTrailer(b, p, len, base);
        this.convert(ifc, rd32(b, p + 12, be), rd32(b, p + 16, be));
        this.deliver(b, p + PKT_HDR, caplen, rd32(b, p + 24, be), this.tSec, this.tNsec, ifc);
        return p + len;
      }
      case SPB: {
        // No interface id (always 0) and no timestamp: keep the last record's time.
        if (end - p < 12) return this.wait(12, true);
        if (len < 16) this.fail(base + p, `simple packet block too short (${len} bytes)`);
        if (this.ifs.length === 0) this.noIface(base + p, 0);
        const ifc = this.ifs[0];
        const wirelen = rd32(b, p + 8, be);
        let caplen = Math.min(wirelen, len - 16);
        if (ifc.snaplen !== 0 && ifc.snaplen < caplen) caplen = ifc.snaplen;
        if (caplen > this.maxCaplen) this.fail(base + p, `record length ${caplen} exceeds the ${this.maxCaplen}-byte limit (--max-frame)`);
        if (len > this.maxBlock) this.tooLong(base + p, len);
        if (end - p < len) return this.wait(len, false);
        this.checkTrailer(b, p, len, base);
        this.deliver(b, p + 12, caplen, wirelen, this.lastSec + 0, this.lastNsec + 0, ifc);
        return p + len;
      }
      default:
        return this.advance(b, p, len, end, base, type);
    }
  }

  private sectionHeader(b: Uint8Array, p: number, end: number, base: number): number {
    if (end - p < 12) return this.wait(12, true);
    let be: boolean;
    if (b[p + 8] === 0x1a && b[p + 9] === 0x2b && b[p + 10] === 0x3c && b[p + 11] === 0x4d) be = true;
    else if (b[p + 8] === 0x4d && b[p + 9] === 0x3c && b[p + 10] === 0x2b && b[p + 11] === 0x1a) be = false;
    else this.fail(base + p, `bad byte-order magic 0x${hex(b, p + 8)} in section header block`);
    const len = rd32(b, p + 4, be);
    if (len < 28 || (len & 3) !== 0) this.fail(base + p, `bad section header block length ${len}`);
    // as advance() would, before the section's state changes
    if (end - p < len && end - p > len - 4) return this.wait(len, false);
    if (this.sections === 0) this.bigEndian = be;
    this.sections++;
    this.be = be;
    this.ifs = [];
    this.orderChanged = true;
    return this.advance(b, p, len, end, base, SHB);
  }

  private interfaceDescription(b: Uint8Array, p: number, len: number): void {
    const be = this.be;
    const linktype = rd16(b, p + 8, be);
    const snaplen = rd32(b, p + 12, be);
    let tsresol = 6;
    let offset = 0;
    const lim = p + len - 4;
    for (let q = p + 16; q + 4 <= lim; ) {
      const code = rd16(b, q, be);
      const olen = rd16(b, q + 2, be);
      if (code === 0 || q + 4 + olen > lim) break;
      if (code === 9 && olen >= 1) tsresol = b[q + 4];
      else if (code === 14 && olen >= 8) {
        // Signed 64-bit seconds.
        const hi = rd32(b, q + 4 + (be ? 0 : 4), be) | 0;
        const lo = rd32(b, q + 4 + (be ? 4 : 0), be);
        offset = hi * SECONDS_PER_HIGH_WORD + lo;
      }
      q += 4 + ((olen + 3) & ~3);
    }
    this.ifs.push(new Iface(linktype, snaplen, tsresol, offset, this.maxCaplen));
  }

  /** Timestamps other than the inline decimal case; result in tSec/tNsec. */
  private convert(ifc: Iface, high: number, low: number): void {
    if (ifc.mode === 0) {
      if (high !== ifc.hHigh) ifc.setHigh(high);
      const d = ifc.div;
      const x = ifc.hRem + low;
      const q = Math.floor(x / d);
      this.tSec = ifc.hSec + q;
      this.tNsec = (x - q * d) * ifc.mul;
    } else if (ifc.mode === 1) {
      const n = ifc.shift;
      const frac = low % ifc.pow;
      this.tSec = high * 2 ** (32 - n) + Math.floor(low / ifc.pow) + ifc.offset;
      // floor(frac * 1e9 / 2^n) with 1e9 = 2^9 * 1953125: products stay below 2^53.
      this.tNsec = n <= 9 ? Math.floor((frac * 1e9) / ifc.pow) : Math.floor((frac * 1953125) / 2 ** (n - 9));
    } else {
      const ts = (BigInt(high) << 32n) | BigInt(low);
      const d = ifc.bigDiv;
      this.tSec = Number(ts / d) + ifc.offset;
      this.tNsec = Number(((ts % d) * 1000000000n) / d);
    }
  }

  private deliver(b: Uint8Array, off: number, caplen: number, wirelen: number, sec: number, nsec: number, ifc: Iface): void {
    if (!ifc.seen) this.markSeen(ifc);
    if (this.records === 0) {
      this.firstSec = sec;
      this.firstNsec = nsec;
    }
    this.sink.onRecord(b, off, caplen, wirelen, sec, nsec, ifc.linktype);
    this.records++;
    this.bytes += wirelen;
    this.lastSec = sec;
    this.lastNsec = nsec;
  }

  /**
   * Past a block that is not read (or only its start): checked now when it is all in the
   * chunk, else its body is skipped (the position returned is beyond `end`) and its trailing
   * length checked by the next walk.
   */
  private advance(b: Uint8Array, p: number, len: number, end: number, base: number, type: number): number {
    if (end - p >= len) {
      this.checkTrailer(b, p, len, base);
      return p + len;
    }
    // only (part of) the trailing length missing: read the block whole
    if (end - p > len - 4) return this.wait(len, false);
    this.skipStart = base + p;
    this.skipLength = len;
    this.trailerOf = base + p;
    this.trailerLen = len;
    this.trailerType = type;
    return p + len - 4;
  }

  /** The block at p (all of it in the chunk) must end with its own length. */
  private checkTrailer(b: Uint8Array, p: number, len: number, base: number): void {
    if (rd32(b, p + len - 4, this.be) !== len) this.badTrailer(b, p, len, base);
  }

  private badTrailer(b: Uint8Array, p: number, len: number, base: number): never {
    this.fail(base + p, mismatch(len, rd32(b, p + len - 4, this.be), rd32(b, p, this.be)));
  }

  truncated(base: number, fill: number): string | null {
    if (this.trailerOf >= 0) return `truncated block at offset ${this.trailerOf}: ${this.trailerLen - 4 + fill} of ${this.trailerLen} bytes`;
    if (fill === 0) return null;
    return `truncated ${this.needIsHeader ? 'record header' : 'record'} at offset ${base}: ${fill} of ${this.need} bytes`;
  }

  private wait(need: number, header: boolean): number {
    this.need = need;
    this.needIsHeader = header;
    return -1;
  }

  private noIface(offset: number, ifid: number): never {
    this.fail(offset, `packet block refers to interface ${ifid}, but the section defines ${this.ifs.length}`);
  }

  private badPacket(offset: number, len: number, caplen: number, ifid: number): never {
    const ifc = this.ifs[ifid];
    if (caplen > this.maxCaplen) this.fail(offset, `record length ${caplen} exceeds the ${this.maxCaplen}-byte limit (--max-frame)`);
    if (caplen > ifc.limit) this.fail(offset, `record length ${caplen} exceeds interface ${ifid}'s snaplen ${ifc.snaplen}`);
    if ((len & 3) !== 0) this.fail(offset, `bad block length ${len}`);
    if (len > this.maxBlock) this.tooLong(offset, len);
    this.fail(offset, `record length ${caplen} does not fit its block (length ${len})`);
  }

  private tooLong(offset: number, len: number): never {
    this.fail(offset, `packet block of ${len} bytes, beyond the ${this.maxBlock}-byte limit (a ${this.maxCaplen}-byte packet and ${MAX_PACKET_OPTIONS} bytes of options, as libpcap)`);
  }

  private fail(offset: number, reason: string): never {
    throw new CaptureError(this.file, offset, reason);
  }
}

/** The message for a block whose trailing length is not its leading one. */
function mismatch(len: number, trailer: number, type: number): string {
  return `block total length ${len} at the start of the block but ${trailer} at its end (block type 0x${type.toString(16)}): lengths disagree`;
}

function rd32(b: Uint8Array, p: number, be: boolean): number {
  return be
    ? ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0
    : (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

function rd16(b: Uint8Array, p: number, be: boolean): number {
  return be ? (b[p] << 8) | b[p + 1] : b[p] | (b[p + 1] << 8);
}

function hex(b: Uint8Array, p: number): string {
  let s = '';
  for (let i = p; i < p + 4; i++) s += (b[i] ?? 0).toString(16).padStart(2, '0');
  return s;
}
