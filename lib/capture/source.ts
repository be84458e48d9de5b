/**
 * Byte sources for the reader: a file handle, a stream (stdin), or gunzip over either.
 * read() fills as much of the requested range as it can (0 = end of input); skip()
 * drops bytes without copying them anywhere the caller sees.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface ByteSource {
  read(buf: Uint8Array, off: number, len: number): Promise<number>;
  /** Drops n bytes; returns how many were there. */
  skip(n: number): Promise<number>;
  /** Bytes of the underlying input consumed so far (compressed bytes for gzip). */
  readonly consumed: number;
  close(): Promise<void>;
}

export class FileSource implements ByteSource {
  private pos = 0;
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  get consumed(): number {
    return Math.min(this.pos, this.size);
  }

  async read(buf: Uint8Array, off: number, len: number): Promise<number> {
    let n = 0;
    while (n < len) {
      const { bytesRead } = await this.handle.read(buf, off + n, len - n, this.pos);
      if (bytesRead === 0) break;
      n += bytesRead;
      this.pos += bytesRead;
    }
    return n;
  }

  async skip(n: number): Promise<number> {
    const left = Math.max(0, this.size - this.pos);
    const k = Math.min(n, left);
    this.pos += n;
    return k;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** A stream of Buffers (stdin, gunzip output) read through its async iterator. */
export class StreamSource implements ByteSource {
  private readonly it: AsyncIterator<Buffer>;
  private cur: Buffer | null = null;
  private curOff = 0;
  private done = false;
  private count = 0;
  /** An error met after some bytes were copied: thrown by the next call. */
  private err: unknown = null;

  constructor(
    private readonly stream: NodeJS.ReadableStream & { destroy?: () => void },
    private readonly consumedOf?: () => number,
  ) {
    this.it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  get consumed(): number {
    return this.consumedOf ? this.consumedOf() : this.count;
  }

  private async next(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      this.cur = null;
      return false;
    }
    this.cur = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    this.curOff = 0;
    return true;
  }

  async read(buf: Uint8Array, off: number, len: number): Promise<number> {
    if (this.err !== null) throw this.err;
    let n = 0;
    while (n < len) {
      if (this.cur === null || this.curOff >= this.cur.length) {
        try {
          if (!(await this.next())) break;
        } catch (e) {
          if (n === 0) throw e;
          this.err = e;
          break;
        }
        continue;
      }
      const k = Math.min(len - n, this.cur.length - this.curOff);
      this.cur.copy(buf, off + n, this.curOff, this.curOff + k);
      this.curOff += k;
      n += k;
    }
    this.count += n;
    return n;
  }

  async skip(n: number): Promise<number> {
    if (this.err !== null) throw this.err;
    let k = 0;
    while (k < n) {
      if (this.cur === null || this.curOff >= this.cur.length) {
        if (!(await this.next())) break;
        continue;
      }
      const m = Math.min(n - k, this.cur.length - this.curOff);
      this.curOff += m;
      k += m;
    }
    this.count += k;
    return k;
  }

  async close(): Promise<void> {
    this.done = true;
    this.stream.destroy?.();
  }
}

/** Marks a failure of the gzip layer (corrupt or truncated compressed data). */
export class GzipError extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'GzipError';
  }
}

/**
 * Gunzip over a raw source whose first bytes were already read into `prefix`.
 * Node's gunzip also reads concatenated gzip members.
 */
export class GunzipSource implements ByteSource {
  private readonly out: StreamSource;
  private readonly gz = createGunzip({ chunkSize: 128 * 1024 });
  private readonly input: Readable;

  constructor(
    private readonly raw: ByteSource,
    prefix: Uint8Array,
  ) {
    const rawRef = raw;
    async function* feed(): AsyncGenerator<Uint8Array> {
      if (prefix.length > 0) yield prefix;
      for (;;) {
        const chunk = Buffer.allocUnsafe(256 * 1024);
        const n = await rawRef.read(chunk, 0, chunk.length);
        if (n === 0) return;
        yield chunk.subarray(0, n);
      }
    }
    this.input = Readable.from(feed(), { objectMode: false });
    // Errors surface through the gunzip stream's iterator; the callback only silences them here.
    pipeline(this.input, this.gz, () => {});
    this.out = new StreamSource(this.gz);
  }

  get consumed(): number {
    return this.raw.consumed;
  }

  async read(buf: Uint8Array, off: number, len: number): Promise<number> {
    try {
      return await this.out.read(buf, off, len);
    } catch (e) {
      throw new GzipError(e);
    }
  }

  async skip(n: number): Promise<number> {
    try {
      return await this.out.skip(n);
    } catch (e) {
      throw new GzipError(e);
    }
  }

  async close(): Promise<void> {
    this.input.destroy();
    this.gz.destroy();
    await this.raw.close();
  }
}
