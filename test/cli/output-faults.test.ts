/**
 * The world around a run (issue 18, rows 3-7; docs/ROBUSTNESS.md): huge alert messages,
 * report targets that are not regular files, targets that fail, standard output closed under
 * a gate, and signals. Each runs the built CLI and asserts the exit code, the one message
 * line, the report written (or the old one intact) and no temporary file left.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';
import { assertValidReport } from '../helpers/schema.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');
const EXAMPLE = path.join(SAMPLES_DIR, 'checks/example.lua');
/** mixed.pcap with example.lua: 6 alerts of score 100, so --fail-on info fails (exit 1). */
const GATED = [MIXED, '-c', EXAMPLE, '--no-risk-alerts', '--fail-on', 'info'];
const FAIL_LINE = /^flowcheck: FAIL: \d+ alerts of \d+ reach --fail-on info/;

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'flowcheck-faults-'));
}

function run(args: string[], stdout: 'pipe' | number = 'pipe') {
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr };
}

function lines(s: string): string[] {
  return s.split('\n').filter((l) => l !== '');
}

function noTemporary(dir: string): void {
  assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.tmp-')), [], 'no temporary report file left');
}

test('row 3: a check whose messages are 1 MB: every format written, each message cut to 4 KiB with its length', () => {
  const dir = tmp();
  const check = path.join(dir, 'huge.lua');
  writeFileSync(check, 'flow.triggerAlert(50, "é" .. string.rep("x", 1048576))\nreturn 0\n');
  for (const format of ['json', 'ndjson', 'csv', 'sarif', 'github', 'table']) {
    const out = path.join(dir, `r.${format}`);
    // a table not on a terminal is 80 columns wide: --wide to see the message's end
    const r = run([MIXED, '-c', check, '--no-risk-alerts', '-f', format, '-o', out, ...(format === 'table' ? ['--wide'] : [])]);
    assert.equal(r.code, 0, `${format}: ${r.stderr}`);
    assert.equal(r.stderr, '', format);
    const text = readFileSync(out, 'utf8');
    assert.ok(text.includes('… [message cut at 4096 of 1048578 bytes]'), format);
    assert.ok(text.length < 2_000_000, `${format}: ${text.length} characters`);
  }
  const doc = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
  assertValidReport(doc);
  assert.ok(doc.alerts.length >= 15);
  for (const a of doc.alerts) {
    assert.equal(Buffer.byteLength(a.message), 4096);
    assert.match(a.message, /^éx+… \[message cut at 4096 of 1048578 bytes\]$/);
  }
  noTemporary(dir);
});

test('row 4: -o naming a FIFO writes into it (its reader gets the report; the FIFO stays)', async () => {
  const dir = tmp();
  const fifo = path.join(dir, 'report.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  const reader = spawn('cat', [fifo]);
  const got: Buffer[] = [];
  reader.stdout.on('data', (b: Buffer) => got.push(b));
  const readerDone = new Promise((resolve) => reader.on('close', resolve));
  const child = spawn(process.execPath, [CLI, MIXED, '-f', 'json', '-o', fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
  const { code, stderr } = await finished(child);
  await readerDone;
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
  assertValidReport(JSON.parse(Buffer.concat(got).toString('utf8')));
  assert.ok(statSync(fifo).isFIFO(), 'still a FIFO');
  noTemporary(dir);
});

test('rows 4-5: -o /dev/full: the device stays, the write error is exit 2 and one line naming it', () => {
  assert.ok(statSync('/dev/full').isCharacterDevice(), '/dev/full is a device before the run');
  const r = run([...GATED, '-f', 'ndjson', '-o', '/dev/full']);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), ['flowcheck: /dev/full: cannot write the report (ENOSPC)']);
  assert.ok(statSync('/dev/full').isCharacterDevice(), '/dev/full is still a device');
  assert.deepEqual(readdirSync('/dev').filter((n) => n.startsWith('full.tmp-')), []);
});

test('row 5: standard output on a full device: exit 2, one line, no stack trace', () => {
  for (const format of ['ndjson', 'sarif', 'table']) {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = run([...GATED, '-f', format], fd);
      assert.equal(r.code, 2, `${format}: ${r.stderr}`);
      assert.deepEqual(lines(r.stderr), ['flowcheck: standard output: cannot write the report (ENOSPC)'], format);
    } finally {
      closeSync(fd);
    }
  }
});

test('rows 5 and 7: standard output closed by its reader: the gate decides the exit code, stderr says so', async () => {
  for (const [args, want] of [
    [[...GATED, '-f', 'ndjson'], 1],
    [[...GATED, '-q'], 1],
    [[MIXED, '-f', 'json'], 0],
  ] as const) {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    // the reader goes away before anything is written (as `| head -1` after its line)
    child.stdout!.destroy();
    const { code, stderr } = await finished(child);
    assert.equal(code, want, `${args.join(' ')}: ${stderr}`);
    const said = lines(stderr);
    assert.match(said[said.length - 1], /^flowcheck: standard output closed \(EPIPE\): the (report was not written in full|verdict line was not written)$/);
    if (want === 1 && !args.includes('-q')) assert.match(said[0], FAIL_LINE);
    assert.doesNotMatch(stderr, /\s+at /);
  }
});

test('row 7: `| head -1` under pipefail keeps the failing gate (exit 1, not 0)', () => {
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" ${GATED.map((a) => `'${a}'`).join(' ')} -f ndjson | head -1`], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(lines(r.stdout).length, 1);
  assert.match(lines(r.stderr)[0], FAIL_LINE);
});

test('row 5: standard output closed (>&-): the gate decides the exit code', () => {
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" ${GATED.map((a) => `'${a}'`).join(' ')} -f ndjson >&-`], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(lines(r.stderr)[0], FAIL_LINE);
  assert.doesNotMatch(r.stderr, /\s+at /);
});

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  test(`row 6: ${sig} during a run with -o: the temporary file removed, the old report intact, exit 128+${constants.signals[sig]}`, async () => {
    const dir = tmp();
    const report = path.join(dir, 'r.json');
    writeFileSync(report, 'the old report\n');
    // a capture on stdin that has not ended: the run waits, its temporary file open
    const child = spawn(process.execPath, [CLI, '-', '-f', 'json', '-o', report], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin!.write(readFileSync(MIXED).subarray(0, 2000));
    await until(() => readdirSync(dir).some((n) => n.startsWith('r.json.tmp-')));
    child.kill(sig);
    const { code, stderr } = await finished(child);
    assert.equal(code, 128 + constants.signals[sig], stderr);
    assert.deepEqual(lines(stderr), [`flowcheck: stopped by ${sig}: ${report} not written`]);
    assert.equal(readFileSync(report, 'utf8'), 'the old report\n');
    noTemporary(dir);
    assert.deepEqual(readdirSync(dir), ['r.json']);
  });
}

test('row 6: a signal with no old report leaves nothing behind', async () => {
  const dir = tmp();
  const report = path.join(dir, 'r.json');
  const child = spawn(process.execPath, [CLI, '-', '-f', 'sarif', '-o', report], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.write(readFileSync(MIXED).subarray(0, 2000));
  await until(() => readdirSync(dir).length > 0);
  child.kill('SIGINT');
  const { code } = await finished(child);
  assert.equal(code, 130);
  assert.equal(existsSync(report), false);
  assert.deepEqual(readdirSync(dir), []);
});

function finished(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

/** Waits (at most 20 s) until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(cond(), 'the run got there');
}
