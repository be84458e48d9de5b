/**
 * Drives the fuzz: generates case i of a seed (deterministically), runs it in a worker
 * thread under a watchdog (time budget proportional to the input size), sometimes through
 * the CLI too, minimizes a failing input cheaply and saves it under test/fuzz-cases/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../../test/helpers/corpus.js';
import { CLI_FORMATS, runCli, type CliFormat } from './cli.js';
import { makeInput } from './mutate.js';
import type { Failure } from './oracle.js';
import { FUZZ_CHECK } from './oracle.js';
import { RESOURCE_TIME_LIMIT, resourceCheck } from './resource.js';
import { caseSeed, Rng } from './rng.js';
import type { Seed } from './seeds.js';

export const CASES_DIR = path.join(PROJECT_ROOT, 'test/fuzz-cases');

/** Watchdog: generous on a loaded machine, still proportional to the input. */
export function budgetMs(size: number, withCheck: boolean): number {
  return 15_000 + (withCheck ? 10_000 : 0) + Math.ceil(size / 1024) * 40;
}

interface Reply {
  id: number;
  failure: Failure | null;
  cpuMs: number;
  file: string;
  /** The resource check's file, when the job had one. */
  check?: string;
}

/** One worker thread, replaced when an input hangs it. */
export class FuzzWorker {
  private worker: Worker | null = null;
  private next = 0;
  file = '';
  /** The last resource check written by the worker. */
  check = '';

  private start(): Worker {
    const w = new Worker(new URL('./worker.js', import.meta.url));
    w.unref();
    this.worker = w;
    return w;
  }

  async run(bytes: Uint8Array, withCheck: boolean, expectRecords?: number, expectErrorAt?: number, resource?: string): Promise<Failure | null> {
    const w = this.worker ?? this.start();
    const id = ++this.next;
    const limit = budgetMs(bytes.length, withCheck) + (resource ? 20_000 : 0);
    return new Promise((resolve) => {
      const done = (f: Failure | null): void => {
        clearTimeout(timer);
        w.off('message', onMsg);
        w.off('error', onErr);
        w.off('exit', onExit);
        resolve(f);
      };
      const onMsg = (r: Reply): void => {
        if (r.id !== id) return;
        this.file = r.file;
        this.check = r.check ?? '';
        done(r.failure);
      };
      const onErr = (e: Error): void => {
        this.worker = null;
        done({ stage: 'uncaught', message: `${e.name}: ${e.message}` });
      };
      const onExit = (code: number): void => {
        this.worker = null;
        done({ stage: 'uncaught', message: `worker exited with ${code}` });
      };
      const timer = setTimeout(() => {
        this.worker = null;
        w.off('exit', onExit);
        void w.terminate();
        done({ stage: 'hang', message: `no result within ${limit} ms (${bytes.length} bytes)` });
      }, limit);
      w.on('message', onMsg);
      w.on('error', onErr);
      w.on('exit', onExit);
      w.postMessage({ id, bytes, withCheck, expectRecords, expectErrorAt, resource });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}

export interface CaseRun {
  index: number;
  seed: number;
  recipe: string[];
  bytes: Uint8Array;
  withCheck: boolean;
  cli: 'none' | 'file' | 'stdin';
  /** The report format of the CLI run. */
  format: CliFormat;
  expectRecords?: number;
  expectErrorAt?: number;
  /** A check of the resource family (resource.ts) instead of the fuzz check. */
  resource?: string;
}

/** Case `i` of run `seed`: the input and which oracles see it. */
export function makeCase(seeds: Seed[], seed: number, i: number, cliEvery: number): CaseRun {
  const s = caseSeed(seed, i);
  const rng = new Rng(s);
  const { bytes, recipe, expectRecords, expectErrorAt } = makeInput(seeds, rng);
  const withCheck = rng.chance(0.25);
  const cli = cliEvery > 0 && i % cliEvery === cliEvery - 1 ? (rng.chance(0.3) ? 'stdin' : 'file') : 'none';
  // half the CLI runs write JSON (what the other oracles compare with), the rest another format
  const format: CliFormat = cli === 'none' || rng.chance(0.5) ? 'json' : rng.pick(CLI_FORMATS);
  // the resource family draws from a stream of its own: the cases above stay as they were
  const rr = new Rng(s ^ 0x7e5047ce);
  const resource = withCheck && rr.chance(0.3) ? resourceCheck(rr) : undefined;
  return { index: i, seed: s, recipe, bytes, withCheck, cli, format, expectRecords, expectErrorAt, resource };
}

/** All oracles for one input; the first failure, or null. */
export async function judge(
  w: FuzzWorker,
  bytes: Uint8Array,
  withCheck: boolean,
  cli: 'none' | 'file' | 'stdin',
  expectRecords?: number,
  format: CliFormat = 'json',
  expectErrorAt?: number,
  resource?: string,
): Promise<Failure | null> {
  const f = await w.run(bytes, withCheck, expectRecords, expectErrorAt, resource);
  if (f || cli === 'none') return f;
  // the worker's files still hold this input (and its resource check)
  const checkArgs = resource ? ['--check-end', w.check, '--lua-time', String(RESOURCE_TIME_LIMIT)] : withCheck ? ['--check-end', FUZZ_CHECK] : [];
  const run = () => runCli(w.file, bytes, cli === 'stdin', checkArgs, budgetMs(bytes.length, true) + (resource ? 30_000 : 10_000), format);
  const g = await run();
  if (g === null || g.known) return g;
  // dist/ is rebuilt by other work while a long run goes on: a failure must repeat
  await new Promise((r) => setTimeout(r, 3000));
  return run();
}

/** Failures alike up to numbers are one bug. */
export function signature(f: Failure): string {
  return `${f.stage}: ${f.message.replace(/\d+/g, 'N').slice(0, 120)}`;
}

/** Cheap minimization: cut the tail, then drop chunks, while the same failure remains. */
export async function minimize(w: FuzzWorker, c: CaseRun, f: Failure, maxTries = 48): Promise<Uint8Array> {
  if (f.stage === 'hang' || c.cli !== 'none' || c.expectRecords !== undefined || c.expectErrorAt !== undefined) return c.bytes;
  const sig = signature(f);
  let best = c.bytes;
  let tries = 0;
  const same = async (b: Uint8Array): Promise<boolean> => {
    tries++;
    const g = await w.run(b, c.withCheck, c.expectRecords, c.expectErrorAt, c.resource);
    return g !== null && signature(g) === sig;
  };
  for (let cut = best.length >> 1; cut >= 16 && tries < maxTries; cut >>= 1) {
    while (best.length > cut && tries < maxTries && (await same(best.subarray(0, best.length - cut)))) best = best.slice(0, best.length - cut);
  }
  for (let chunk = best.length >> 2; chunk >= 16 && tries < maxTries; chunk >>= 1) {
    for (let at = 24; at + chunk <= best.length && tries < maxTries; at += chunk) {
      const cand = new Uint8Array(best.length - chunk);
      cand.set(best.subarray(0, at));
      cand.set(best.subarray(at + chunk), at);
      if (await same(cand)) {
        best = cand;
        at -= chunk;
      }
    }
  }
  return best;
}

/** Writes a failing input and its story under test/fuzz-cases/; returns the file name. */
export function saveCase(bytes: Uint8Array, f: Failure, c: CaseRun, runSeed: number): string {
  mkdirSync(CASES_DIR, { recursive: true });
  const hash = createHash('sha1').update(bytes).digest('hex').slice(0, 10);
  const stage = f.stage.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const name = `${stage}-${hash}`;
  writeFileSync(path.join(CASES_DIR, `${name}.cap`), bytes);
  const meta = { stage: f.stage, message: f.message, run_seed: runSeed, case: c.index, recipe: c.recipe, with_check: c.withCheck, cli: c.cli, format: c.format, expect_records: c.expectRecords, expect_error_at: c.expectErrorAt, original_bytes: c.bytes.length, resource_check: c.resource };
  writeFileSync(path.join(CASES_DIR, `${name}.json`), JSON.stringify(meta, null, 2) + '\n');
  return name;
}

export interface FuzzOptions {
  seed: number;
  /** Stop after this many cases … */
  cases?: number;
  /** … or after this many seconds (whichever comes first). */
  seconds?: number;
  /** Run the CLI on every n-th case (0: never). */
  cliEvery?: number;
  /** Save failing inputs under test/fuzz-cases/. */
  save?: boolean;
  log?: (line: string) => void;
  /** Only this case (reproduce). */
  only?: number;
}

export interface FuzzFailure extends Failure {
  index: number;
  recipe: string[];
  saved?: string;
}

export interface FuzzSummary {
  cases: number;
  bytes: number;
  cliRuns: number;
  luaRuns: number;
  /** Of those, checks of the resource family. */
  resourceRuns: number;
  failures: FuzzFailure[];
  /** Cases that hit a known bug (one with a todo regression test), by that test. */
  known: Record<string, number>;
  seconds: number;
}

export async function runFuzz(seeds: Seed[], opts: FuzzOptions): Promise<FuzzSummary> {
  const log = opts.log ?? (() => {});
  const w = new FuzzWorker();
  const t0 = Date.now();
  const seen = new Set<string>();
  const sum: FuzzSummary = { cases: 0, bytes: 0, cliRuns: 0, luaRuns: 0, resourceRuns: 0, failures: [], known: {}, seconds: 0 };
  const deadline = opts.seconds !== undefined ? t0 + opts.seconds * 1000 : Infinity;
  const maxCases = opts.cases ?? Infinity;
  try {
    for (let i = opts.only ?? 0; sum.cases < maxCases && Date.now() < deadline; i++) {
      const c = makeCase(seeds, opts.seed, i, opts.cliEvery ?? 40);
      if (opts.only !== undefined) log(`case ${i}: ${c.bytes.length} bytes, check ${c.withCheck}, cli ${c.cli}: ${c.recipe.join(', ')}${c.resource ? `\n${c.resource}` : ''}`);
      const f = await judge(w, c.bytes, c.withCheck, c.cli, c.expectRecords, c.format, c.expectErrorAt, c.resource);
      sum.cases++;
      sum.bytes += c.bytes.length;
      if (c.cli !== 'none') sum.cliRuns++;
      if (c.withCheck) sum.luaRuns++;
      if (c.resource) sum.resourceRuns++;
      if (f?.known) sum.known[f.known] = (sum.known[f.known] ?? 0) + 1;
      else if (f) {
        const sig = signature(f);
        const fresh = !seen.has(sig);
        seen.add(sig);
        const ff: FuzzFailure = { ...f, index: i, recipe: c.recipe };
        if (fresh) {
          if (opts.save) ff.saved = saveCase(await minimize(w, c, f), f, c, opts.seed);
          sum.failures.push(ff);
          log(`FAIL case ${i} [${f.stage}] ${f.message}\n  recipe: ${c.recipe.join(', ')}${ff.saved ? `\n  saved: test/fuzz-cases/${ff.saved}.cap` : ''}`);
        }
      }
      if (opts.only !== undefined) break;
      if (sum.cases % 200 === 0) log(`${sum.cases} cases, ${((Date.now() - t0) / 1000).toFixed(0)} s, ${sum.failures.length} distinct failures`);
    }
  } finally {
    await w.close();
  }
  sum.seconds = (Date.now() - t0) / 1000;
  return sum;
}
