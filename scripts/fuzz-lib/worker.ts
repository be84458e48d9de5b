/**
 * The fuzz worker thread: receives inputs, writes each to its own temporary file and runs
 * the in-process oracle on it. The parent (runner.ts) watches the time and terminates
 * this thread when an input hangs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { runStages } from './oracle.js';

export interface WorkerJob {
  id: number;
  bytes: Uint8Array;
  withCheck: boolean;
  expectRecords?: number;
  expectErrorAt?: number;
  /** Source of a resource-family check (resource.ts), run instead of the fuzz check. */
  resource?: string;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-fuzz-'));
const file = path.join(dir, 'input.cap');
const check = path.join(dir, 'resource.lua');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

parentPort!.on('message', async (job: WorkerJob) => {
  writeFileSync(file, job.bytes);
  if (job.resource) writeFileSync(check, job.resource);
  const t0 = process.cpuUsage();
  const failure = await runStages(file, job.bytes.length, job.withCheck, job.expectRecords, job.expectErrorAt, job.resource ? check : undefined);
  const cpu = process.cpuUsage(t0);
  parentPort!.postMessage({ id: job.id, failure, cpuMs: (cpu.user + cpu.system) / 1000, file, check: job.resource ? check : undefined });
});
