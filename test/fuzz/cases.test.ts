/**
 * Replays every saved fuzz case (test/fuzz-cases/*.cap, found by scripts/fuzz.ts) through
 * all oracles: in-process stages under the watchdog, and the CLI on the file and on stdin.
 * A case whose .json has a "todo" field is a known bug awaiting its owner.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { CliFormat } from '../../scripts/fuzz-lib/cli.js';
import { FuzzWorker, judge, CASES_DIR } from '../../scripts/fuzz-lib/runner.js';

const w = new FuzzWorker();
after(() => w.close());

const names = existsSync(CASES_DIR) ? readdirSync(CASES_DIR).filter((f) => f.endsWith('.cap')).sort() : [];

for (const name of names) {
  const metaFile = path.join(CASES_DIR, name.replace(/\.cap$/, '.json'));
  const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { message?: string; todo?: string; with_check?: boolean; expect_records?: number; expect_error_at?: number; format?: CliFormat }) : {};
  test(`fuzz case ${name}: ${meta.message?.slice(0, 80) ?? ''}`, meta.todo ? { todo: meta.todo } : {}, async () => {
    const bytes = readFileSync(path.join(CASES_DIR, name));
    for (const cli of ['file', 'stdin'] as const) {
      const f = await judge(w, bytes, meta.with_check ?? true, cli, meta.expect_records, meta.format ?? 'json', meta.expect_error_at);
      assert.equal(f, null, f ? `[${f.stage}] ${f.message}` : '');
    }
  });
}

test('saved fuzz cases come with their story', () => {
  for (const name of names) assert.ok(existsSync(path.join(CASES_DIR, name.replace(/\.cap$/, '.json'))), name);
});
