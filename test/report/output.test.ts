import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ReportOutput } from '../../lib/report/output.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'flowcheck-output-'));

test('ReportOutput: the file appears whole at commit, written in pieces past 1 MiB', async () => {
  const d = dir();
  const file = path.join(d, 'r.json');
  const out = new ReportOutput(file);
  const size = out.bytes.buf.length;
  const piece = 'x'.repeat(300_000) + '\n';
  for (let i = 0; i < 5; i++) out.write(piece);
  out.write('é€\n'); // UTF-8, not Latin-1
  const whole = 'ü'.repeat(1_200_000) + '\n'; // one write past the buffer: written as it is
  out.write(whole);
  out.write('end\n');
  assert.ok(!existsSync(file), 'nothing under the real name before commit');
  await out.commit();
  assert.equal(readFileSync(file, 'utf8'), piece.repeat(5) + 'é€\n' + whole + 'end\n');
  assert.equal(out.bytes.buf.length, size, 'the buffer never grew');
  assert.deepEqual(readdirSync(d), ['r.json'], 'no temporary file left');
});

test('ReportOutput: a directory as the report is refused at once, naming it', () => {
  const d = dir();
  assert.throws(() => new ReportOutput(d), (e: Error & { path?: string }) => e.path === d && /cannot write the report \(EISDIR\)/.test(e.message));
  assert.deepEqual(readdirSync(path.dirname(d)).filter((n) => n.startsWith(path.basename(d) + '.tmp-')), []);
});

test('ReportOutput: a rename that fails leaves no temporary file and names the report', async () => {
  const d = dir();
  const file = path.join(d, 'r.json');
  const out = new ReportOutput(file);
  out.write('{}\n');
  // the name became a non-empty directory while the run went on
  mkdirSync(file);
  writeFileSync(path.join(file, 'keep'), '');
  await assert.rejects(out.commit(), (e: Error & { path?: string }) => e.path === file && /cannot write the report/.test(e.message));
  assert.deepEqual(readdirSync(d), ['r.json']);
});

test('ReportOutput: abort drops the partial report', () => {
  const d = dir();
  const out = new ReportOutput(path.join(d, 'r.json'));
  out.write('{"partial":');
  out.abort();
  assert.deepEqual(readdirSync(d), []);
});
