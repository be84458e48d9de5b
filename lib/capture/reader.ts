/**
 * Reads one capture (pcap, pcap-nsec, pcapng; plain or gzip; a file or stdin) and pushes
 * its records into a sink. The format is decided by content (magic), never by name.
 *
 * Plain files are read with positional reads into one reusable buffer (1 MiB default);
 * a record cut by the chunk end is carried to the front (only that tail is copied) and
 * the buffer grows only as far as the record-size limit. Errors name file and offset;
 * a truncated end is a warning, with everything before it delivered.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CaptureError, type CaptureFacts, type RecordSink } from './types.js';
import { PcapWalker, pcapMagic } from './pcap.js';
import { PcapngWalker, pcapngMagic } from './pcapng.js';
import { FileSource, GunzipSource, GzipError, StreamSource, type ByteSource } from './source.js';
import type { RecordWalker } from './walker.js';

export { CaptureError } from './types.js';
export type { CaptureFacts, CaptureFormat, RecordSink } from './types.js';
import { MAX_CAPLEN } from './walker.js';
export { MAX_CAPLEN } from './walker.js';

export interface ReadCaptureOptions {
  /** Read buffer size in bytes (default 1 MiB; grows only for a record larger than it). */
  chunkSize?: number;
  /** Called after each chunk: input bytes consumed (compressed bytes for gzip) and the input size (0 if unknown, e.g. stdin). */
  onProgress?: (consumed: number, total: number) => void;
  /** Checked between chunks; an abort rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Largest record accepted, bytes (default MAX_CAPLEN, 256 KiB); a longer one is a CaptureError. */
  maxFrame?: number;
}

export const DEFAULT_CHUNK_SIZE = 1 << 20;
/** Smallest buffer: large enough for any fixed header (pcap file header is 24 bytes). */
const MIN_CHUNK_SIZE = 32;

function isGzip(b: Uint8Array, n: number): boolean {
  return n >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

function isCaptureMagic(b: Uint8Array, n: number): boolean {
  return n >= 4 && (pcapMagic(b) !== null || pcapngMagic(b));
}

function magicHex(b: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < Math.min(n, 4); i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** Opens a file (or '-' for stdin) as a byte source; open errors become CaptureErrors. */
async function openSource(file: string): Promise<{ src: ByteSource; total: number }> {
  if (file === '-') return { src: new StreamSource(process.stdin), total: 0 };
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new CaptureError(file, 0, `cannot open: ${(e as Error).message}`);
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw new CaptureError(file, 0, 'is a directory, not a capture file');
    if (st.isFile()) return { src: new FileSource(handle, st.size), total: st.size };
    // A pipe or device: no positional reads.
    return { src: new StreamSource(handle.createReadStream()), total: 0 };
  } catch (e) {
    await handle.close();
    throw e instanceof CaptureError ? e : new CaptureError(file, 0, `cannot read: ${(e as Error).message}`);
  }
}

/**
 * Reads a capture and delivers every record to `sink.onRecord`. Resolves with what the
 * file turned out to be. Throws CaptureError for input that is not a readable capture
 * (unknown magic, empty, malformed or oversized record); a truncated end is a warning.
 */
export async function readCapture(file: string, sink: RecordSink, opts: ReadCaptureOptions = {}): Promise<CaptureFacts> {
  const { src, total } = await openSource(file);
  const reader = new Reader(file, src, total, opts);
  try {
    return await reader.run(sink);
  } finally {
    await reader.close();
  }
}

class Reader {
  private buf: Buffer;
  private gzip = false;
  private streamBytes = 0;
  private readonly warnings: string[] = [];

  constructor(
    private readonly file: string,
    private src: ByteSource,
    private readonly total: number,
    private readonly opts: ReadCaptureOptions,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(MIN_CHUNK_SIZE, Math.floor(opts.chunkSize ?? DEFAULT_CHUNK_SIZE)));
  }

  async close(): Promise<void> {
    await this.src.close();
  }

  private async read(off: number): Promise<number> {
    try {
      const n = await this.src.read(this.buf, off, this.buf.length - off);
      this.streamBytes += n;
      return n;
    } catch (e) {
      if (e instanceof GzipError) throw e;
      throw new CaptureError(this.file, this.streamBytes, `read error: ${(e as Error).message}`);
    }
  }

  /** Reads the first chunk and picks the walker by magic (looking through gzip). */
  private async start(sink: RecordSink): Promise<{ walker: RecordWalker; fill: number }> {
    let fill = await this.read(0);
    if (fill === 0) throw new CaptureError(this.file, 0, 'empty file: not a pcap or pcapng file');
    if (isGzip(this.buf, fill)) {
      this.gzip = true;
      this.src = new GunzipSource(this.src, Buffer.from(this.buf.subarray(0, fill)));
      this.streamBytes = 0;
      try {
        fill = await this.read(0);
      } catch (e) {
        if (e instanceof GzipError) throw new CaptureError(this.file, 0, `corrupt gzip data: ${e.message}`);
        throw e;
      }
      if (fill === 0) throw new CaptureError(this.file, 0, 'empty gzip content: not a pcap or pcapng file');
    }
    const inGz = this.gzip ? ' inside gzip' : '';
    if (fill < 4) {
      throw new CaptureError(this.file, 0, `not a pcap or pcapng file${inGz} (only ${fill} bytes)`);
    }
    const pm = pcapMagic(this.buf);
    let walker: RecordWalker;
    const maxFrame = Math.min(Math.max(64, Math.floor(this.opts.maxFrame ?? MAX_CAPLEN)), 1 << 30);
    if (pm) walker = new PcapWalker(this.file, sink, pm, maxFrame);
    else if (pcapngMagic(this.buf)) walker = new PcapngWalker(this.file, sink, maxFrame);
    else throw new CaptureError(this.file, 0, `not a pcap or pcapng file${inGz} (magic 0x${magicHex(this.buf, fill)})`);
    return { walker, fill };
  }

  async run(sink: RecordSink): Promise<CaptureFacts> {
    const { file, opts } = this;
    const { walker, fill: first } = await this.start(sink);
    let fill = first;
    let base = 0;
    for (;;) {
      const p = walker.walk(this.buf, 0, fill, base);
      if (p > fill) {
        // The walker is done with a block whose tail is still unread: drop it.
        const want = p - fill;
        const got = await this.guardGzip(walker, base + fill, () => this.src.skip(want));
        if (got === null) break;
        this.streamBytes += got;
        base += p;
        fill = 0;
        if (got < want) {
          const have = walker.skipLength - (want - got);
          this.warnings.push(`${file}: truncated block at offset ${walker.skipStart}: ${have} of ${walker.skipLength} bytes`);
          break;
        }
      } else {
        if (p > 0) {
          this.buf.copyWithin(0, p, fill);
          fill -= p;
          base += p;
        }
        if (walker.need > this.buf.length || fill >= this.buf.length) {
          // Exactly what the pending record needs (bounded by the walker's limits).
          const grown = Buffer.allocUnsafe(walker.need > this.buf.length ? walker.need : this.buf.length * 2);
          this.buf.copy(grown, 0, 0, fill);
          this.buf = grown;
        }
      }
      opts.signal?.throwIfAborted();
      opts.onProgress?.(this.src.consumed, this.total);
      const n = await this.guardGzip(walker, base + fill, () => this.read(fill));
      if (n === null) break;
      if (n === 0) {
        if (fill > 0) {
          const what = walker.needIsHeader ? 'record header' : 'record';
          this.warnings.push(`${file}: truncated ${what} at offset ${base}: ${fill} of ${walker.need} bytes`);
        }
        break;
      }
      fill += n;
    }
    if (walker instanceof PcapWalker && walker.repaired > 0) {
      const n = walker.repaired;
      this.warnings.push(
        `${file}: ${n} record${n === 1 ? '' : 's'} with a captured length beyond the limit but a smaller original length, read as ${n === 1 ? 'its' : 'their'} original length (first at offset ${walker.firstRepairedOffset})`,
      );
    }
    return {
      file,
      format: walker.format,
      bigEndian: walker.bigEndian,
      gzip: this.gzip,
      linktypes: [...walker.linktypes].sort((a, b) => a - b),
      records: walker.records,
      bytes: walker.bytes + 0,
      fileBytes: this.streamBytes,
      firstSec: walker.firstSec + 0,
      firstNsec: walker.firstNsec + 0,
      lastSec: walker.lastSec + 0,
      lastNsec: walker.lastNsec + 0,
      warnings: this.warnings,
    };
  }

  /**
   * Runs a source operation; a gzip failure becomes a warning (returns null: stop) when
   * records were already read, else a CaptureError.
   */
  private async guardGzip(walker: RecordWalker, offset: number, op: () => Promise<number>): Promise<number | null> {
    try {
      return await op();
    } catch (e) {
      if (!(e instanceof GzipError)) throw e;
      if (walker.records === 0) throw new CaptureError(this.file, offset, `corrupt gzip data: ${e.message}`);
      this.warnings.push(`${this.file}: gzip data corrupt or truncated at decompressed offset ${offset} (${e.message}); stopped there`);
      return null;
    }
  }
}

/** Thrown by the first-record sink to stop reading early. */
const STOP = new Error('stop');

/** Time of the first record (reads only the start of the file); null if there is none or the file is not a capture. */
export async function firstPacketTime(file: string): Promise<{ sec: number; nsec: number } | null> {
  let found: { sec: number; nsec: number } | null = null;
  const sink: RecordSink = {
    onRecord(_d, _o, _c, _w, sec, nsec) {
      found = { sec, nsec };
      throw STOP;
    },
  };
  try {
    await readCapture(file, sink, { chunkSize: 64 * 1024 });
  } catch (e) {
    if (e !== STOP && !(e instanceof CaptureError)) throw e;
  }
  return found;
}

/** True if the file starts with a capture magic, or is gzip whose content does. */
async function looksLikeCapture(file: string): Promise<boolean> {
  let src: ByteSource;
  try {
    ({ src } = await openSource(file));
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(4);
    let n = await src.read(head, 0, 4);
    if (isGzip(head, n)) {
      src = new GunzipSource(src, Buffer.from(head.subarray(0, n)));
      n = await src.read(head, 0, 4);
    }
    return isCaptureMagic(head, n);
  } catch {
    return false;
  } finally {
    await src.close();
  }
}

async function collectCaptures(dir: string, out: string[], visited: Set<string>, skipped?: string[]): Promise<void> {
  const real = await realpath(dir);
  if (visited.has(real)) return;
  visited.add(real);
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const full = path.join(dir, name);
    let st;
    try {
      st = await stat(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) await collectCaptures(full, out, visited, skipped);
    else if (st.isFile() && (await looksLikeCapture(full))) out.push(full);
    else if (st.isFile()) skipped?.push(full);
  }
}

/**
 * Expands the inputs: a directory becomes the captures found under it (recursively, by
 * content: capture magic, or gzip holding one; other files are skipped), ordered
 * by first record time, then path; files without records come last. Explicit files keep
 * their order and are passed on even if they are not captures (readCapture reports them);
 * '-' passes through. The files of a directory that are not captures go to `skipped`, in
 * path order, when it is given (a damaged capture is skipped too: the caller should say so).
 */
export async function listCaptureInputs(paths: string[], skipped?: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(p);
      continue;
    }
    let st;
    try {
      st = await stat(p);
    } catch {
      out.push(p);
      continue;
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const files: string[] = [];
    await collectCaptures(p, files, new Set(), skipped);
    const timed: { f: string; t: { sec: number; nsec: number } | null }[] = [];
    for (const f of files) timed.push({ f, t: await firstPacketTime(f) });
    timed.sort((a, b) => {
      if (a.t && b.t) {
        if (a.t.sec !== b.t.sec) return a.t.sec - b.t.sec;
        if (a.t.nsec !== b.t.nsec) return a.t.nsec - b.t.nsec;
      } else if (a.t) return -1;
      else if (b.t) return 1;
      return a.f < b.f ? -1 : a.f > b.f ? 1 : 0;
    });
    for (const x of timed) out.push(x.f);
  }
  return out;
}
