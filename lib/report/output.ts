import { closeSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { JsonBytes } from './json-bytes.js';

/** Pending output is written out once it reaches this size. */
const FLUSH_AT = 1 << 20;

/** What a report on standard output is called in messages. */
export const STDOUT_NAME = 'standard output';

/** The report could not be written: `path` names the target (the file asked for, or standard output). */
export class ReportWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    what = 'cannot write the report',
  ) {
    super(`${what} (${code ?? 'error'})`);
  }
}

/** A stream that lost its reader (`| head -1`) or never had one (`>&-`). */
export function isClosedStreamError(e: NodeJS.ErrnoException | undefined): boolean {
  return e !== undefined && (e.code === 'EPIPE' || e.code === 'EBADF' || e.code === 'ERR_STREAM_DESTROYED' || e.code === 'ECONNRESET');
}

/**
 * Standard output as a report target: its first write error is kept (an `error` listener, so
 * a closed pipe never ends the process or goes unnoticed), and after it nothing more is written.
 */
export class StdoutTarget {
  error: NodeJS.ErrnoException | undefined;

  constructor(readonly stream: NodeJS.WriteStream = process.stdout) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      this.error ??= e;
    });
  }

  /** The reader went away or there is none: the report is lost, the run's verdict is not. */
  get closed(): boolean {
    return isClosedStreamError(this.error);
  }

  write(data: string | Uint8Array): void {
    if (this.error !== undefined) return;
    this.pending++;
    try {
      // a write's error comes to its callback (and as an `error` event), later
      this.stream.write(data, (err) => this.written(err ?? undefined));
    } catch (e) {
      this.written(e as NodeJS.ErrnoException);
    }
  }

  private pending = 0;
  private waiters: (() => void)[] = [];

  private written(err: NodeJS.ErrnoException | undefined): void {
    if (err) this.error ??= err;
    if (--this.pending === 0) for (const w of this.waiters.splice(0)) w();
  }

  /** Throws a write error other than a closed stream (those are the caller's to tell). */
  check(): void {
    if (this.error !== undefined && !this.closed) throw new ReportWriteError(STDOUT_NAME, this.error.code);
  }

  /** Waits until every write has gone out or failed. */
  async drain(): Promise<void> {
    if (this.pending === 0) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

/**
 * Where a report goes: standard output; a regular file written atomically (a temporary file
 * beside it, renamed into place only when the run succeeds, so a failed or interrupted run
 * never leaves half a report and keeps an old one); or an existing file that is not a
 * regular one (a device, a FIFO, /dev/stdout), written directly. Writes go into one byte
 * buffer, flushed in large pieces; a writer of many small pieces (a flow's JSON) writes into
 * `bytes` directly and calls `wrote()`. A write error is a ReportWriteError naming the target.
 */
export class ReportOutput {
  /** The pending bytes. */
  readonly bytes = new JsonBytes(FLUSH_AT + (1 << 16));
  private fd = -1;
  /** The temporary file while it exists. */
  private tmp = '';

  constructor(
    readonly path: string | undefined,
    private readonly stdout: StdoutTarget = new StdoutTarget(),
  ) {
    if (path === undefined || path === '-' || path === '/dev/stdout') return;
    const kind = FD_ALIAS.test(path) ? 'alias' : fileKind(path);
    if (kind === 'directory') throw new ReportWriteError(path, 'EISDIR');
    try {
      if (kind === 'other') {
        // a device or FIFO: the node stays, its reader gets the report
        this.fd = openSync(path, 'w');
      } else if (kind === 'alias') {
        // another name of an open descriptor (/dev/stderr, /dev/fd/3): after what it holds
        this.fd = openSync(path, 'a');
      } else {
        this.tmp = `${path}.tmp-${process.pid}`;
        this.fd = openSync(this.tmp, 'w');
      }
    } catch (e) {
      this.tmp = '';
      throw new ReportWriteError(path, (e as NodeJS.ErrnoException).code);
    }
  }

  /** What messages call the target. */
  get target(): string {
    return this.fd >= 0 || this.tmp ? this.path! : STDOUT_NAME;
  }

  /** The temporary file being written (empty when none): what a signal handler removes. */
  get temporaryFile(): string {
    return this.tmp;
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
      this.stdout.write(b);
      this.stdout.check();
      return;
    }
    try {
      for (let done = 0; done < b.length; ) done += writeSync(this.fd, b, done, b.length - done);
    } catch (e) {
      throw new ReportWriteError(this.path!, (e as NodeJS.ErrnoException).code);
    }
  }

  /** Flush and move the file into place. */
  async commit(): Promise<void> {
    this.flush();
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch (e) {
        this.fd = -1;
        throw new ReportWriteError(this.path!, (e as NodeJS.ErrnoException).code);
      }
      this.fd = -1;
      if (this.tmp) {
        try {
          renameSync(this.tmp, this.path!);
          this.tmp = '';
        } catch (e) {
          removeQuietly(this.tmp);
          this.tmp = '';
          throw new ReportWriteError(this.path!, (e as NodeJS.ErrnoException).code);
        }
      }
    } else {
      await this.stdout.drain();
      this.stdout.check();
    }
  }

  /** Drop a partial report (the run failed or was stopped): the temporary file goes, an old report stays. */
  abort(): void {
    this.bytes.pos = 0;
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // it is being dropped
      }
      this.fd = -1;
    }
    if (this.tmp) removeQuietly(this.tmp);
    this.tmp = '';
  }
}

/** Names of a process's open descriptors: never replaced by a file of ours. */
const FD_ALIAS = /^\/(dev\/(stderr|fd\/\d+)|proc\/(self|\d+)\/fd\/\d+)$/;

/** What is at `path` now: nothing or a regular file (written atomically), a directory, or something else. */
function fileKind(path: string): 'file' | 'directory' | 'other' {
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
  } catch {
    return 'file';
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
