import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/**
 * Where a report goes: stdout, or a file written atomically (a temporary file beside it,
 * renamed into place only when the run succeeds, so a failed run never leaves half a
 * report). Writes are buffered and flushed in large pieces.
 */
export class ReportOutput {
  private buf: string[] = [];
  private size = 0;
  private fd = -1;
  private tmp = '';

  constructor(readonly path: string | undefined) {
    if (path !== undefined && path !== '-' && path !== '/dev/stdout') {
      if (path === '/dev/null') {
        this.fd = openSync(path, 'w');
      } else {
        this.tmp = `${path}.tmp-${process.pid}`;
        try {
          this.fd = openSync(this.tmp, 'w');
        } catch (e) {
          // name the report the user asked for, not our temporary file
          const err = e as NodeJS.ErrnoException;
          throw Object.assign(new Error(`cannot write the report (${err.code ?? err.message})`), { code: err.code, path });
        }
      }
    }
  }

  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    const s = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (this.fd >= 0) writeSync(this.fd, s);
    else process.stdout.write(s);
  }

  /** Flush and move the file into place. */
  async commit(): Promise<void> {
    this.flush();
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      if (this.tmp) renameSync(this.tmp, this.path!);
    } else {
      await new Promise<void>((resolve) => {
        if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => resolve());
        else resolve();
      });
    }
  }

  /** Drop a partial report (the run failed). */
  abort(): void {
    this.buf = [];
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      if (this.tmp) {
        try {
          unlinkSync(this.tmp);
        } catch {
          // already gone
        }
      }
    }
  }
}
