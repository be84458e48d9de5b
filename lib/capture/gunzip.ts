/**
 * gzip (RFC 1952) over a raw byte source, read member by member: the header is parsed here,
 * the deflate data goes through zlib's raw inflate, and the trailer (CRC-32, length) is
 * checked here. Node's own gunzip stream drops the output of the zlib call that fails (up
 * to a whole output chunk) and whatever it still buffers when it errs — for a bad CRC or
 * trailing garbage, the last ~128 KiB of perfectly good data. Reading the members ourselves,
 * everything decompressed before a fault is delivered first and the fault is raised after
 * it, as a GzipError naming the compressed-file offset where the bad part starts.
 *
 * What is lost at most: for corrupt deflate data inside a member, the output of the failing
 * inflate call (≤ OUT_CHUNK bytes, zlib's output before the bad code); nothing for a bad
 * trailer, trailing data or a cut.
 */
import zlib from 'node:zlib';
import type { ByteSource } from './source.js';

/** A fault of the gzip layer; `offset` is a compressed-file offset. */
export class GzipError extends Error {
  constructor(
    message: string,
    /** Compressed-file offset where the bad part starts. */
    readonly offset: number,
    /** False for trailing data after complete members: everything was read. */
    readonly fatal = true,
  ) {
    super(message);
    this.name = 'GzipError';
  }
}

/** Compressed bytes handed to zlib per write (its output per piece is bounded by the pause below). */
const RAW_PIECE = 64 * 1024;
/** zlib's output chunk: the most a corrupt deflate stream can cost. */
const OUT_CHUNK = 64 * 1024;
/** Decompressed bytes queued before zlib is paused (memory stays bounded, whatever the ratio). */
const QUEUE_HIGH = 1 << 20;

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

const crc32: (data: Uint8Array, value?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (zlib as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32 : jsCrc32;

/**
 * Gunzip over a raw source whose first bytes were already read into `prefix`.
 * Concatenated members are read as one stream; zero bytes after the last member are
 * padding (as gzip and Node accept them); anything else after it is trailing data (a
 * non-fatal GzipError once everything before it was delivered).
 */
export class GunzipSource implements ByteSource {
  /** Compressed bytes read but not yet used, from `rinPos`; rin[0] is at compressed offset `rinOff`. */
  private rin: Buffer;
  private rinPos = 0;
  private rinOff = 0;
  private rawDone = false;
  /** Decompressed output waiting for read(). */
  private readonly queue: Buffer[] = [];
  private qPos = 0;
  private qBytes = 0;
  private state: 'header' | 'inflate' | 'end' = 'header';
  private members = 0;
  private err: GzipError | null = null;

  // the member being inflated
  private inflater: zlib.InflateRaw | null = null;
  private memberStart = 0;
  private crc = 0;
  private size = 0;
  private inFlight = false;
  /** zlib left input unused: the deflate data ended (no more writes: it would push after EOF). */
  private streamDone = false;
  private finished = false;
  private ended = false;
  private inflateErr: Error | null = null;
  private written = 0;
  private lastPiece: Buffer = Buffer.alloc(0);
  private lastPieceOff = 0;
  private waiter: (() => void) | null = null;

  constructor(
    private readonly raw: ByteSource,
    prefix: Uint8Array,
  ) {
    this.rin = Buffer.from(prefix);
  }

  get consumed(): number {
    return this.raw.consumed;
  }

  async read(buf: Uint8Array, off: number, len: number): Promise<number> {
    let n = 0;
    while (n < len) {
      if (this.qBytes === 0) {
        if (n > 0 && (this.err !== null || this.state === 'end')) break;
        await this.produce();
        if (this.qBytes === 0) {
          if (n > 0) break;
          if (this.err !== null) throw this.err;
          return 0;
        }
      }
      const head = this.queue[0];
      const k = Math.min(len - n, head.length - this.qPos);
      head.copy(buf, off + n, this.qPos, this.qPos + k);
      n += k;
      this.take(k);
    }
    return n;
  }

  async skip(n: number): Promise<number> {
    let k = 0;
    while (k < n) {
      if (this.qBytes === 0) {
        if (k > 0 && (this.err !== null || this.state === 'end')) break;
        await this.produce();
        if (this.qBytes === 0) {
          if (k > 0) break;
          if (this.err !== null) throw this.err;
          return 0;
        }
      }
      const m = Math.min(n - k, this.queue[0].length - this.qPos);
      k += m;
      this.take(m);
    }
    return k;
  }

  async close(): Promise<void> {
    this.state = 'end';
    this.inflater?.destroy();
    this.inflater = null;
    await this.raw.close();
  }

  private take(k: number): void {
    this.qPos += k;
    this.qBytes -= k;
    if (this.qPos === this.queue[0].length) {
      this.queue.shift();
      this.qPos = 0;
    }
  }

  /** Runs until output is queued, the stream ended or a fault is set. */
  private async produce(): Promise<void> {
    while (this.qBytes === 0 && this.err === null && this.state !== 'end') {
      if (this.state === 'header') await this.header();
      else await this.inflateStep();
    }
  }

  // ------------------------------------------------------------ raw input

  private get pos(): number {
    return this.rinOff + this.rinPos;
  }

  /** Makes at least `min` unread compressed bytes available; false if the input ends first. */
  private async fillRaw(min: number): Promise<boolean> {
    while (this.rin.length - this.rinPos < min) {
      if (this.rawDone) return false;
      const keep = this.rin.subarray(this.rinPos);
      const chunk = Buffer.allocUnsafe(Math.max(RAW_PIECE, min));
      const n = await this.raw.read(chunk, 0, chunk.length);
      if (n === 0) this.rawDone = true;
      this.rinOff += this.rinPos;
      this.rin = keep.length === 0 ? chunk.subarray(0, n) : Buffer.concat([keep, chunk.subarray(0, n)]);
      this.rinPos = 0;
    }
    return true;
  }

  // ------------------------------------------------------------ member header

  private async header(): Promise<void> {
    const start = this.pos;
    if (this.members > 0) {
      // after a member: another one, zero padding, or trailing data
      if (!(await this.fillRaw(1))) return this.finish();
      if (this.rin[this.rinPos] === 0) {
        for (;;) {
          while (this.rinPos < this.rin.length && this.rin[this.rinPos] === 0) this.rinPos++;
          if (this.rinPos < this.rin.length) break;
          if (!(await this.fillRaw(1))) return this.finish();
        }
        this.err = new GzipError(`data that is not gzip after zero padding at compressed offset ${this.pos} (ignored)`, this.pos, false);
        return;
      }
      const two = await this.fillRaw(2);
      if (!two || this.rin[this.rinPos] !== 0x1f || this.rin[this.rinPos + 1] !== 0x8b) {
        this.err = new GzipError(`data after the last gzip member at compressed offset ${start} is not a gzip member (ignored)`, start, false);
        return;
      }
    }
    const bad = (why: string, at = start): void => {
      this.err = new GzipError(`bad gzip header at compressed offset ${start}: ${why}`, at);
    };
    const cut = (): void => {
      this.err = new GzipError(`gzip data cut short at compressed offset ${this.rinOff + this.rin.length} (end of input), in the header of the member at compressed offset ${start}`, start);
    };
    if (!(await this.fillRaw(10))) return cut();
    const h = this.rin.subarray(this.rinPos, this.rinPos + 10);
    if (h[0] !== 0x1f || h[1] !== 0x8b) return bad('not a gzip magic');
    if (h[2] !== 8) return bad(`compression method ${h[2]}, not deflate (8)`);
    const flg = h[3];
    if ((flg & 0xe0) !== 0) return bad(`reserved flag bits set (0x${flg.toString(16)})`);
    let hcrc = crc32(h);
    this.rinPos += 10;
    if (flg & FEXTRA) {
      if (!(await this.fillRaw(2))) return cut();
      const xlen = this.rin[this.rinPos] | (this.rin[this.rinPos + 1] << 8);
      if (!(await this.fillRaw(2 + xlen))) return cut();
      hcrc = crc32(this.rin.subarray(this.rinPos, this.rinPos + 2 + xlen), hcrc);
      this.rinPos += 2 + xlen;
    }
    for (const f of [FNAME, FCOMMENT]) {
      if (!(flg & f)) continue;
      // zero-terminated, any length: scan what is there, then read on
      for (;;) {
        const z = this.rin.indexOf(0, this.rinPos);
        const stop = z < 0 ? this.rin.length : z + 1;
        hcrc = crc32(this.rin.subarray(this.rinPos, stop), hcrc);
        this.rinPos = stop;
        if (z >= 0) break;
        if (!(await this.fillRaw(1))) return cut();
      }
    }
    if (flg & FHCRC) {
      if (!(await this.fillRaw(2))) return cut();
      const stored = this.rin[this.rinPos] | (this.rin[this.rinPos + 1] << 8);
      if (stored !== (hcrc & 0xffff)) return bad(`header CRC 0x${hex4(stored)} at compressed offset ${this.pos}, the header's is 0x${hex4(hcrc & 0xffff)}`, this.pos);
      this.rinPos += 2;
    }
    this.startMember(start);
  }

  // ------------------------------------------------------------ deflate data

  private startMember(start: number): void {
    this.members++;
    this.memberStart = start;
    this.crc = 0;
    this.size = 0;
    this.inFlight = false;
    this.streamDone = false;
    this.finished = false;
    this.ended = false;
    this.inflateErr = null;
    this.written = 0;
    const inf = zlib.createInflateRaw({ chunkSize: OUT_CHUNK });
    inf.on('data', (c: Buffer) => {
      this.queue.push(c);
      this.qBytes += c.length;
      this.crc = crc32(c, this.crc);
      this.size += c.length;
      if (this.qBytes >= QUEUE_HIGH) inf.pause();
      this.wake();
    });
    inf.on('end', () => {
      this.ended = true;
      this.wake();
    });
    inf.on('error', (e: Error) => {
      this.inflateErr = e;
      this.wake();
    });
    this.inflater = inf;
    this.state = 'inflate';
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** One step of the member's inflation: feed, wait, or close the member when zlib ends. */
  private async inflateStep(): Promise<void> {
    const inf = this.inflater!;
    if (this.inflateErr !== null) return this.deflateFault(this.inflateErr);
    if (this.ended) return this.trailer();
    if (inf.isPaused()) inf.resume();
    if (!this.inFlight && !this.finished && !this.streamDone) {
      // next piece: what is left of the raw buffer, else a fresh read
      if (this.rinPos >= this.rin.length && !(await this.fillRaw(1))) {
        this.finished = true;
        inf.end();
      } else {
        const piece = this.rin.subarray(this.rinPos, Math.min(this.rin.length, this.rinPos + RAW_PIECE));
        this.lastPiece = piece;
        this.lastPieceOff = this.pos;
        this.rinPos += piece.length;
        this.written += piece.length;
        this.inFlight = true;
        inf.write(piece, () => {
          this.inFlight = false;
          if (inf.bytesWritten < this.written) this.streamDone = true;
          this.wake();
        });
      }
    }
    if (this.qBytes > 0 || this.inflateErr !== null || this.ended) return;
    await new Promise<void>((resolve) => {
      this.waiter = resolve;
    });
  }

  private deflateFault(e: Error): void {
    const msg = (e as Error).message;
    if (this.finished && /unexpected end of file/i.test(msg)) {
      this.err = new GzipError(
        `gzip data cut short at compressed offset ${this.pos} (end of input), inside the deflate data of the member at compressed offset ${this.memberStart}`,
        this.pos,
      );
    } else {
      const a = this.lastPieceOff;
      this.err = new GzipError(
        `corrupt deflate data (${msg}) within compressed bytes ${a}–${a + this.lastPiece.length} of the member at compressed offset ${this.memberStart}`,
        a,
      );
    }
    this.dropInflater();
  }

  private dropInflater(): void {
    this.inflater?.destroy();
    this.inflater = null;
  }

  /** zlib ended the deflate data: put back what it did not use, then check the trailer. */
  private async trailer(): Promise<void> {
    const used = this.inflater!.bytesWritten;
    const left = this.written - used;
    this.dropInflater();
    if (left > 0) {
      // the unused bytes are the end of the last piece (pieces are written one at a time)
      const back = this.lastPiece.subarray(this.lastPiece.length - left);
      const rest = this.rin.subarray(this.rinPos);
      this.rin = rest.length === 0 ? Buffer.from(back) : Buffer.concat([back, rest]);
      this.rinOff = this.lastPieceOff + this.lastPiece.length - left;
      this.rinPos = 0;
    }
    const at = this.pos;
    if (!(await this.fillRaw(8))) {
      this.err = new GzipError(
        `gzip data cut short at compressed offset ${this.rinOff + this.rin.length} (end of input), in the trailer (CRC-32 and length) of the member at compressed offset ${this.memberStart}`,
        at,
      );
      return;
    }
    const t = this.rin;
    const p = this.rinPos;
    const storedCrc = (t[p] | (t[p + 1] << 8) | (t[p + 2] << 16) | (t[p + 3] << 24)) >>> 0;
    const storedSize = (t[p + 4] | (t[p + 5] << 8) | (t[p + 6] << 16) | (t[p + 7] << 24)) >>> 0;
    const crc = this.crc >>> 0;
    const size = this.size % 4294967296;
    if (storedCrc !== crc) {
      this.err = new GzipError(
        `gzip member at compressed offset ${this.memberStart}: CRC-32 in its trailer (compressed offset ${at}) is 0x${hex8(storedCrc)}, the decompressed data's is 0x${hex8(crc)}`,
        at,
      );
      return;
    }
    if (storedSize !== size) {
      this.err = new GzipError(
        `gzip member at compressed offset ${this.memberStart}: length in its trailer (compressed offset ${at + 4}) is ${storedSize}, the decompressed data has ${size} (mod 2^32)`,
        at + 4,
      );
      return;
    }
    this.rinPos += 8;
    this.state = 'header';
  }

  private finish(): void {
    this.state = 'end';
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** CRC-32 (gzip's) for Node versions without zlib.crc32 (before 20.15). */
function jsCrc32(data: Uint8Array, value = 0): number {
  const table = CRC_TABLE;
  let c = ~value >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
