/**
 * The fuzz harness: `npm run fuzz -- --seconds N --seed S [--cases N] [--case I] [--cli-every N] [--no-corpus] [--no-save]`.
 * Mutates the samples and the corpus (when present), runs the reader, decoder, every
 * dissector, analyze() (with a Lua check on a quarter of the cases) and, every n-th case,
 * the CLI; saves each new failing input under test/fuzz-cases/ (test/fuzz/cases.test.ts
 * replays them). Exit 0 when nothing failed, 1 otherwise. See docs/ROBUSTNESS.md.
 */
import os from 'node:os';
import { runFuzz } from './fuzz-lib/runner.js';
import { loadSeeds } from './fuzz-lib/seeds.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function num(name: string, dflt?: number): number | undefined {
  const v = arg(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`fuzz: --${name} ${v}: expected a number\n`);
    process.exit(2);
  }
  return n;
}

const seed = num('seed', 1)!;
const only = num('case');
const seconds = num('seconds', only !== undefined ? undefined : 60);
const cases = num('cases');
const useCorpus = !process.argv.includes('--no-corpus');
const seeds = await loadSeeds(useCorpus);
const log = (l: string): void => void process.stderr.write(l + '\n');
log(`fuzz: seed ${seed}, ${seeds.length} seed captures (${seeds.reduce((n, s) => n + s.records.length, 0)} records), ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, node ${process.version}`);
const sum = await runFuzz(seeds, {
  seed,
  seconds,
  cases,
  only,
  cliEvery: num('cli-every', 40),
  save: !process.argv.includes('--no-save'),
  log,
});
log(`fuzz: ${sum.cases} cases (${(sum.bytes / 1e6).toFixed(1)} MB, ${sum.luaRuns} with a Lua check — ${sum.resourceRuns} of them from the resource family —, ${sum.cliRuns} through the CLI) in ${sum.seconds.toFixed(0)} s; ${sum.failures.length} distinct failures`);
for (const [where, n] of Object.entries(sum.known)) log(`fuzz: ${n} cases hit a known bug tracked by ${where}`);
process.exitCode = sum.failures.length > 0 ? 1 : 0;
