/**
 * `--jobs N` gives the `--jobs 1` report: runs the CLI over corpus captures with `--jobs 1`
 * and `--jobs N` in each format asked and compares the bytes (and exit codes). Prints the
 * captures that differ and how often a run went back to one thread (the CLI's stderr note),
 * by reason.
 *
 *   node dist/scripts/jobs-compare.js [--every N] [--jobs N] [--formats json,ndjson] [--only NAME] [--cli FILE] [--args "…"]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusCaptures, NO_CORPUS, PROJECT_ROOT } from '../test/helpers/corpus.js';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

interface Run {
  out: Buffer;
  code: number | null;
  notes: string[];
  stderr: string;
}

const CLI = path.resolve(arg('cli', path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js')));

/** One run of the CLI, its report read back. */
export function runCli(cli: string, file: string, args: string[], jobs: number, dir: string): Run {
  const out = path.join(dir, `out-${jobs}`);
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, [cli, file, ...args, '--jobs', String(jobs), '-o', out], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  let bytes = Buffer.alloc(0);
  try {
    bytes = readFileSync(out);
  } catch {
    // no report written: compared by exit code and stderr
  }
  const notes = r.stderr.split('\n').filter((l) => l.startsWith('flowcheck: --jobs'));
  return { out: bytes, code: r.status, notes, stderr: r.stderr };
}

function main(): void {
  if (NO_CORPUS) {
    console.log(`skipped: ${NO_CORPUS}`);
    return;
  }
  const every = Number(arg('every', '1'));
  const jobs = Number(arg('jobs', '4'));
  const formats = arg('formats', 'json,ndjson').split(',').filter((f) => f !== '');
  const extra = arg('args', '').split(' ').filter(Boolean);
  const only = arg('only', '');
  const caps = corpusCaptures().filter((_, i) => i % every === 0).filter((f) => only === '' || path.basename(f) === only);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jobs-compare-'));
  const differ: string[] = [];
  const notes = new Map<string, number>();
  let runs = 0;
  const t0 = Date.now();
  try {
    for (const file of caps) {
      for (const f of formats) {
        const args = ['--format', f, ...(f === 'csv' ? ['--flows', 'all'] : []), ...extra];
        const a = runCli(CLI, file, args, 1, dir);
        const b = runCli(CLI, file, args, jobs, dir);
        runs++;
        for (const n of b.notes) {
          const why = n.replace(/^flowcheck: --jobs \d+: /, '');
          notes.set(why, (notes.get(why) ?? 0) + 1);
        }
        const stderrA = a.stderr.split('\n').filter((l) => !l.startsWith('flowcheck: --jobs')).join('\n');
        const stderrB = b.stderr.split('\n').filter((l) => !l.startsWith('flowcheck: --jobs')).join('\n');
        if (a.code !== b.code || !a.out.equals(b.out) || stderrA !== stderrB) {
          // both reports kept for a look (the run's directory is removed at the end)
          const kept = mkdtempSync(path.join(os.tmpdir(), `jobs-differ-${path.basename(file)}-${f}-`));
          writeFileSync(path.join(kept, 'jobs-1'), a.out);
          writeFileSync(path.join(kept, `jobs-${jobs}`), b.out);
          writeFileSync(path.join(kept, 'stderr'), `--jobs 1:\n${a.stderr}\n--jobs ${jobs}:\n${b.stderr}`);
          differ.push(`${path.basename(file)} ${f}: exit ${a.code}/${b.code}, ${a.out.length}/${b.out.length} bytes${stderrA !== stderrB ? ', stderr differs' : ''} (kept in ${kept})`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${caps.length} captures × ${formats.length} formats: ${runs} comparisons of --jobs 1 and --jobs ${jobs}, ${differ.length} differ (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  for (const d of differ) console.log(`DIFFERS ${d}`);
  for (const [why, n] of [...notes].sort((x, y) => y[1] - x[1])) console.log(`one thread (${n} run${n === 1 ? '' : 's'}): ${why}`);
  if (differ.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) main();
