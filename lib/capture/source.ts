/**
 * Byte sources for the reader: a file handle or a stream (stdin); gunzip over either is
 * gunzip.ts.
 * read() fills as much of the requested range as it can (0 = end of input); skip()
 * drops bytes without copying them anywhere the caller sees.
 */
import type { FileHandle } from 'node:fs/promises';

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

/** A stream of Buffers (stdin, a pipe) read through its async iterator. */
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
