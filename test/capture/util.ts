/** Test helpers: collect records, write temp files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCapture, type ReadCaptureOptions } from '../../lib/capture/reader.js';
import type { CaptureFacts, RecordSink } from '../../lib/capture/types.js';
import { hex as hexBytes } from '../../scripts/support/bytes.js';

export interface Rec {
  offset: number;
  data: Buffer;
  caplen: number;
  wirelen: number;
  sec: number;
  nsec: number;
  linktype: number;
}

/** A sink that copies every record (data is only valid during the call). */
export class Collector implements RecordSink {
  readonly recs: Rec[] = [];
  onRecord(data: Uint8Array, offset: number, caplen: number, wirelen: number, sec: number, nsec: number, linktype: number): void {
    this.recs.push({ offset, data: Buffer.from(data.subarray(offset, offset + caplen)), caplen, wirelen, sec, nsec, linktype });
  }
}

let dir: string | null = null;
export function tmpDir(): string {
  if (dir === null) {
    const d = mkdtempSync(path.join(tmpdir(), 'flowcheck-capture-'));
    process.on('exit', () => rmSync(d, { recursive: true, force: true }));
    dir = d;
  }
  return dir;
}

let counter = 0;
/** Writes bytes to a fresh temp file (name without capture extension on purpose). */
export function tmpFile(bytes: Uint8Array, name = `f${counter++}.bin`): string {
  const f = path.join(tmpDir(), name);
  writeFileSync(f, bytes);
  return f;
}

export async function readAll(file: string, opts?: ReadCaptureOptions): Promise<{ recs: Rec[]; facts: CaptureFacts }> {
  const c = new Collector();
  const facts = await readCapture(file, c, opts);
  return { recs: c.recs, facts };
}

/** Bytes from a hex string (scripts/support/bytes.ts: separators ignored), as a Buffer. */
export function hex(s: string): Buffer {
  return Buffer.from(hexBytes(s));
}

export function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (seed * 31 + i * 7) & 0xff;
  return b;
}
