/**
 * Reads one capture (pcap, pcap-nsec, pcapng; plain or gzip; a file or stdin) and pushes
 * its records into a sink. The format is decided by content (magic), never by name.
 *
 * Plain files are read with positional reads into one reusable buffer (1 MiB default);
 * a record cut by the chunk end is carried to the front (only that tail is copied) and
 * the buffer grows only as far as the record-size limit. Errors name file and offset;
 * a truncated end is a warning, with everything before it delivered.
 */
import { lstat, open, readdir, readlink, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { CaptureError, type CaptureFacts, type RecordSink } from './types.js';
import { PcapWalker, pcapMagic } from './pcap.js';
import { PcapngWalker, pcapngMagic } from './pcapng.js';
import { FileSource, StreamSource, type ByteSource } from './source.js';
import { GunzipSource, GzipError } from './gunzip.js';
import type { RecordWalker } from './walker.js';

export { CaptureError } from './types.js';
export type { CaptureFacts, CaptureFormat, RecordSink } from './types.js';
import { D0, MAX_CAPLEN } from './walker.js';
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
  /** Awaited between chunks when it gives a promise (backpressure: `--jobs N` waits for its workers). */
  pause?: () => Promise<void> | undefined;
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
  /**
   * A plain Uint8Array, not a Buffer: records reach the decoder and the dissectors as views
   * of it, beside the flows' TCP streams and reassembled datagrams (Uint8Arrays too), so
   * their byte reads see one kind of array (one map: no deoptimisation when the other kind
   * first arrives).
   */
  private buf: Uint8Array;
  private gzip = false;
  private streamBytes = 0;
  private readonly warnings: string[] = [];

  constructor(
    private readonly file: string,
    private src: ByteSource,
    private readonly total: number,
    private readonly opts: ReadCaptureOptions,
  ) {
    this.buf = new Uint8Array(Math.max(MIN_CHUNK_SIZE, Math.floor(opts.chunkSize ?? DEFAULT_CHUNK_SIZE)));
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
        if (!(e instanceof GzipError)) throw e;
        // nothing decompressed: a fault at the start, or trailing data after empty members
        if (e.fatal) throw new CaptureError(this.file, e.offset, `corrupt gzip data: ${e.message}`);
        fill = 0;
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

  async run(outer: RecordSink): Promise<CaptureFacts> {
    const { file, opts } = this;
    // first/last seen are the earliest and latest packet times, whatever the file order
    const sink = new TimeRangeSink(outer);
    const { walker, fill: first } = await this.start(sink);
    let fill = first;
    let base = 0;
    for (;;) {
      const p = walker.walk(this.buf, 0, fill, base);
      if (p > fill) {
        // The walker is done with a block whose tail is still unread: drop it.
        const want = p - fill;
        const got = await this.guardGzip(walker, () => this.src.skip(want));
        if (got === null) {
          this.gzipStopped(base + fill, ` inside the block at offset ${walker.skipStart}`);
          break;
        }
        this.streamBytes += got;
        const reached = base + fill + got;
        base += p;
        fill = 0;
        if (got < want) {
          const have = reached - walker.skipStart;
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
          const grown = new Uint8Array(walker.need > this.buf.length ? walker.need : this.buf.length * 2);
          grown.set(this.buf.subarray(0, fill));
          this.buf = grown;
        }
      }
      opts.signal?.throwIfAborted();
      opts.onProgress?.(this.src.consumed, this.total);
      const wait = opts.pause?.();
      if (wait !== undefined) await wait;
      const n = await this.guardGzip(walker, () => this.read(fill));
      if (n === null) {
        const cut = walker.truncated(base, fill);
        this.gzipStopped(base + fill, cut !== null ? `; ${cut}, not read` : '; every record before it was read');
        break;
      }
      if (n === 0) {
        const cut = walker.truncated(base, fill);
        if (cut !== null) this.warnings.push(`${file}: ${cut}`);
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
      firstSec: sink.minSec + 0,
      firstNsec: sink.minNsec + 0,
      lastSec: sink.maxSec + 0,
      lastNsec: sink.maxNsec + 0,
      warnings: this.warnings,
    };
  }

  /** The gzip fault that stopped reading (set when guardGzip returns null). */
  private gzipFault: GzipError | null = null;

  /**
   * Runs a source operation. A gzip fault after everything before it was delivered: with
   * records read, the fault is kept for gzipStopped() and null returned (stop); before any
   * record, a CaptureError at the fault's compressed offset. Trailing data after complete
   * gzip members is a warning and the end of the input (0).
   */
  private async guardGzip(walker: RecordWalker, op: () => Promise<number>): Promise<number | null> {
    try {
      return await op();
    } catch (e) {
      if (!(e instanceof GzipError)) throw e;
      if (!e.fatal) {
        this.warnings.push(`${this.file}: ${e.message}`);
        return 0;
      }
      if (walker.records === 0) throw new CaptureError(this.file, e.offset, `corrupt gzip data: ${e.message}`);
      this.gzipFault = e;
      return null;
    }
  }

  /** The warning for a gzip fault that ended the reading at decompressed offset `at`. */
  private gzipStopped(at: number, what: string): void {
    this.warnings.push(`${this.file}: ${this.gzipFault!.message}; stopped at decompressed offset ${at}${what}`);
  }
}

/** Passes records on, keeping the earliest and latest packet time (the capture's first/last seen). */
class TimeRangeSink implements RecordSink {
  minSec = D0;
  minNsec = D0;
  maxSec = D0;
  maxNsec = D0;
  private any = false;

  constructor(private readonly sink: RecordSink) {}

  onRecord(data: Uint8Array, offset: number, caplen: number, wirelen: number, sec: number, nsec: number, linktype: number): void {
    if (!this.any) {
      this.any = true;
      this.minSec = this.maxSec = sec;
      this.minNsec = this.maxNsec = nsec;
    } else if (sec < this.minSec || (sec === this.minSec && nsec < this.minNsec)) {
      this.minSec = sec;
      this.minNsec = nsec;
    } else if (sec > this.maxSec || (sec === this.maxSec && nsec > this.maxNsec)) {
      this.maxSec = sec;
      this.maxNsec = nsec;
    }
    this.sink.onRecord(data, offset, caplen, wirelen, sec, nsec, linktype);
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

/** An OS error's reason without the path Node appends ("EACCES: permission denied"). */
function osReason(e: unknown): string {
  const m = e instanceof CaptureError ? e.reason : e instanceof Error ? e.message : String(e);
  return m.replace(/, \w+ '.*'$/s, '');
}

/**
 * True if the file starts with a capture magic, or is gzip whose content does; false if it
 * does not (corrupt gzip included); otherwise why it could not be read (the OS reason).
 */
async function looksLikeCapture(file: string): Promise<boolean | string> {
  let src: ByteSource;
  try {
    ({ src } = await openSource(file));
  } catch (e) {
    // openSource's CaptureError says what failed ("cannot open: EACCES: …")
    return e instanceof CaptureError ? osReason(e) : `cannot open: ${osReason(e)}`;
  }
  try {
    const head = Buffer.alloc(4);
    let n = await src.read(head, 0, 4);
    if (isGzip(head, n)) {
      src = new GunzipSource(src, Buffer.from(head.subarray(0, n)));
      n = await src.read(head, 0, 4);
    }
    return isCaptureMagic(head, n);
  } catch (e) {
    if (e instanceof GzipError) return false;
    return `cannot read: ${osReason(e)}`;
  } finally {
    await src.close();
  }
}

/** What a directory walk has seen (by device and inode) and where it reports. */
interface DirWalk {
  /** Directories read, with the path they were read under. */
  dirs: Map<string, string>;
  /** Captures listed, with their path (a second link to one is not read twice). */
  files: Map<string, string>;
  skipped?: string[];
  warnings?: string[];
}

const identity = (st: { dev: number; ino: number }): string => `${st.dev}:${st.ino}`;

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * The captures under `dir` (recursively, names sorted). Nothing is passed over silently:
 * what is not a capture goes to `skipped`; what cannot be read or followed (an unreadable
 * file or directory, with the OS reason; a dangling symbolic link; a symbolic link loop; a
 * FIFO, socket or device, never opened: reading one could block), and a second path to a
 * directory or capture already read, to `warnings`.
 */
async function collectCaptures(dir: string, out: string[], w: DirWalk, chain: string[]): Promise<void> {
  const warn = (m: string): void => void w.warnings?.push(m);
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    warn(`${dir}: cannot read directory: ${osReason(e)}; skipped`);
    return;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    let st: Stats;
    let link = false;
    try {
      st = await lstat(full);
      if (st.isSymbolicLink()) {
        link = true;
        st = await stat(full);
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (link && code === 'ENOENT') {
        const to = await readlink(full).catch(() => '?');
        warn(`${full}: dangling symbolic link (to ${to}); skipped`);
      } else if (link && code === 'ELOOP') warn(`${full}: symbolic link loop (${osReason(e)}); skipped`);
      else warn(`${full}: cannot stat: ${osReason(e)}; skipped`);
      continue;
    }
    const id = identity(st);
    if (st.isDirectory()) {
      const first = w.dirs.get(id);
      if (chain.includes(id)) warn(`${full}: symbolic link loop (leads back to ${first}); skipped`);
      else if (first !== undefined) warn(`${full}: the same directory as ${first}, already read; skipped`);
      else {
        w.dirs.set(id, full);
        await collectCaptures(full, out, w, [...chain, id]);
      }
    } else if (st.isFile()) {
      const first = w.files.get(id);
      if (first !== undefined) {
        warn(`${full}: the same file as ${first}, already read; skipped`);
        continue;
      }
      const v = await looksLikeCapture(full);
      if (v === true) {
        w.files.set(id, full);
        out.push(full);
      } else if (v === false) w.skipped?.push(full);
      else warn(`${full}: ${v}; skipped`);
    } else warn(`${full}: ${kindOf(st)}, not a capture file; skipped`);
  }
}

/**
 * Expands the inputs: a directory becomes the captures found under it (recursively, by
 * content: capture magic, or gzip holding one; other files are skipped), ordered
 * by first record time, then path; files without records come last. Explicit files keep
 * their order and are passed on even if they are not captures (readCapture reports them);
 * '-' passes through. The files of a directory that are not captures go to `skipped`, in
 * path order, when it is given (a damaged capture is skipped too: the caller should say so);
 * what could not be read or followed under a directory goes to `warnings`, one line each,
 * naming the path (see collectCaptures). A directory given that cannot be read is a
 * CaptureError.
 */
export async function listCaptureInputs(paths: string[], skipped?: string[], warnings?: string[]): Promise<string[]> {
  const out: string[] = [];
  const w: DirWalk = { dirs: new Map(), files: new Map(), skipped, warnings };
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
    const id = identity(st);
    const first = w.dirs.get(id);
    if (first !== undefined) {
      warnings?.push(`${p}: the same directory as ${first}, already read; skipped`);
      continue;
    }
    try {
      await readdir(p);
    } catch (e) {
      throw new CaptureError(p, 0, `cannot read directory: ${osReason(e)}`);
    }
    w.dirs.set(id, p);
    const files: string[] = [];
    await collectCaptures(p, files, w, [id]);
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
