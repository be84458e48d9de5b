/**
 * `--jobs N` writes the `--jobs 1` report (lib/parallel/, cli/jobs.ts): the same bytes, exit
 * code and warnings on real captures, through the CLI; and where the workers' answer could
 * differ (more flows than --max-flows, packet time going backwards) or a run cannot be
 * shared yet (--where), the run is one thread's, with a note on stderr. The whole corpus is
 * scripts/jobs-compare.ts (docs/PERFORMANCE.md records its last run).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { NO_CORPUS, PROJECT_ROOT, corpusCaptures, corpusFile } from '../helpers/corpus.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');

interface Run {
  out: string;
  code: number | null;
  warnings: string;
  notes: string[];
}

function run(inputs: string[], args: string[], jobs: number): Run {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jobs-test-'));
  try {
    const out = path.join(dir, 'report');
    const r = spawnSync(process.execPath, [CLI, ...inputs, ...args, '--jobs', String(jobs), '-o', out], { encoding: 'utf8' });
    const lines = r.stderr.split('\n');
    return {
      out: readFileSync(out, 'utf8'),
      code: r.status,
      warnings: lines.filter((l) => !l.startsWith('flowcheck: --jobs')).join('\n'),
      notes: lines.filter((l) => l.startsWith('flowcheck: --jobs')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** --jobs N against --jobs 1: the same report; gives N's notes. */
function same(inputs: string[], args: string[], jobs: number): string[] {
  const a = run(inputs, args, 1);
  const b = run(inputs, args, jobs);
  assert.ok(a.out.length > 0);
  assert.equal(b.out, a.out, `${inputs.map((f) => path.basename(f)).join(' ')} ${args.join(' ')}`);
  assert.equal(b.code, a.code);
  assert.equal(b.warnings, a.warnings);
  assert.deepEqual(a.notes, []);
  return b.notes;
}

test('--jobs 3 writes the one-thread json and ndjson reports on a sample of the corpus', { skip: NO_CORPUS }, () => {
  const caps = corpusCaptures().filter((_, i) => i % 90 === 11);
  assert.ok(caps.length >= 4);
  let sharded = 0;
  for (const file of caps) {
    for (const format of ['json', 'ndjson']) {
      const notes = same([file], ['--format', format], 3);
      // the only way back to one thread these captures may take (their packets are not all in time order)
      for (const n of notes) assert.match(n, /packet time goes backwards/);
      if (notes.length === 0) sharded++;
    }
  }
  assert.ok(sharded >= caps.length, `${sharded} runs were sharded to the end`);
});

test('--jobs 2 writes the one-thread csv rows of every flow', { skip: NO_CORPUS }, () => {
  assert.deepEqual(same([corpusFile('iphone.pcap')], ['--format', 'csv', '--flows', 'all'], 2), []);
});

test('--jobs: past --max-flows the run goes back to one thread, the flows already written kept', { skip: NO_CORPUS }, () => {
  const notes = same([corpusFile('iphone.pcap')], ['--format', 'json', '--max-flows', '20'], 2);
  assert.equal(notes.length, 1);
  // found by the main thread (ranking the flows' ids) or by a worker (its own table full), whichever first
  assert.match(notes[0], /(more flows than --max-flows 20|a flow ended early \(--max-flows\)): run again in one thread/);
});

test('--jobs: a capture read twice (time goes back at the second) goes back to one thread', { skip: NO_CORPUS }, () => {
  const f = corpusFile('iphone.pcap');
  const notes = same([f, f], ['--format', 'ndjson'], 2);
  assert.equal(notes.length, 1);
  assert.match(notes[0], /packet time goes backwards/);
});

test('--jobs: --where runs in one thread, and says so', { skip: NO_CORPUS }, () => {
  const notes = same([corpusFile('iphone.pcap')], ['--format', 'json', '--where', 'flow.srv_port() == 443'], 2);
  assert.deepEqual(notes, ['flowcheck: --jobs 2: --where runs in one thread']);
});
