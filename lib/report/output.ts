import { closeSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { JsonBytes } from './json-bytes.js';

/** Pending output is written out once it reaches this size. */
const FLUSH_AT = 1 << 20;

/**
 * Where a report goes: stdout, or a file written atomically (a temporary file beside it,
 * renamed into place only when the run succeeds, so a failed run never leaves half a
 * report). Writes go into one byte buffer, flushed in large pieces; a writer of many small
 * pieces (a flow's JSON) writes into `bytes` directly and calls `wrote()`.
 */
export class ReportOutput {
  /** The pending bytes. */
  readonly bytes = new JsonBytes(FLUSH_AT + (1 << 16));
  private fd = -1;
  private tmp = '';

  constructor(readonly path: string | undefined) {
    if (path !== undefined && path !== '-' && path !== '/dev/stdout') {
      if (path === '/dev/null') {
        this.fd = openSync(path, 'w');
      } else {
        // a directory is found out now, not at the rename after a long run
        if (isDirectory(path)) throw reportError({ code: 'EISDIR', message: 'a directory' } as NodeJS.ErrnoException, path);
        this.tmp = `${path}.tmp-${process.pid}`;
        try {
          this.fd = openSync(this.tmp, 'w');
        } catch (e) {
          throw reportError(e as NodeJS.ErrnoException, path);
        }
      }
    }
  }

  write(s: string): void {
    const b = this.bytes;
    // room for it as UTF-8 at worst
    if (b.pos + s.length * 3 > b.buf.length) this.flush();
    // a text larger than the buffer (a rendered table, CSV, the alerts of a JSON trailer)
    // goes through it in pieces: the buffer never grows, and no UTF-8 copy of the whole
    // text is made (tens of MB of peak RSS on a capture with ~100 k alerts)
    const piece = Math.floor(b.buf.length / 3);
    let i = 0;
    while (s.length - i > piece) {
      let j = i + piece;
      const c = s.charCodeAt(j - 1);
      if (c >= 0xd800 && c <= 0xdbff) j--; // a surrogate pair stays in one piece
      b.text(s.slice(i, j));
      this.flush();
      i = j;
    }
    b.text(i === 0 ? s : s.slice(i));
    this.wrote();
  }

  /** Call after writing into `bytes`. */
  wrote(): void {
    if (this.bytes.pos >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    const { buf, pos } = this.bytes;
    if (pos === 0) return;
    // the stream may hold the chunk until it drains: give it its own copy
    this.emit(this.fd >= 0 ? buf.subarray(0, pos) : Buffer.from(buf.subarray(0, pos)));
    this.bytes.pos = 0;
  }

  private emit(b: Uint8Array): void {
    if (this.fd < 0) {
      process.stdout.write(b);
      return;
    }
    for (let done = 0; done < b.length; ) done += writeSync(this.fd, b, done, b.length - done);
  }

  /** Flush and move the file into place. */
  async commit(): Promise<void> {
    this.flush();
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      if (this.tmp) {
        try {
          renameSync(this.tmp, this.path!);
        } catch (e) {
          removeQuietly(this.tmp);
          throw reportError(e as NodeJS.ErrnoException, this.path!);
        }
      }
    } else {
      await new Promise<void>((resolve) => {
        if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => resolve());
        else resolve();
      });
    }
  }

  /** Drop a partial report (the run failed). */
  abort(): void {
    this.bytes.pos = 0;
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      if (this.tmp) removeQuietly(this.tmp);
    }
  }
}

/** An error naming the report the user asked for, not our temporary file. */
function reportError(err: NodeJS.ErrnoException, path: string): Error {
  return Object.assign(new Error(`cannot write the report (${err.code ?? err.message})`), { code: err.code, path });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
