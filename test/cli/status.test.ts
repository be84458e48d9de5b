/**
 * What the CLI prints besides the report (issues 16 and 18): text from a capture or a check
 * never drives the terminal (control characters shown escaped), a capture's first/last seen
 * are the earliest and latest packet times, `-q` prints the verdict and errors only, and a
 * `--where` that failed on flows under `--fail-on` fails closed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pcapFile } from '../../lib/capture/writer.js';
import { progressText } from '../../cli/commands/analyze.js';
import { frameRecords, Path, tcpConversation, type Frame } from '../../scripts/support/packets.js';
import { httpRequest, httpResponse } from '../../scripts/support/http.js';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');
const T0_US = 1_700_000_000_000_000;

function run(args: string[], env: Record<string, string> = {}) {
  const e: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '200', ...env };
  if (!env.GITHUB_STEP_SUMMARY) delete e.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'buffer', env: e, cwd: PROJECT_ROOT });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), raw: Buffer.concat([r.stdout, r.stderr]) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-status-'));

function writePcap(name: string, frames: Frame[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, pcapFile(frameRecords(frames), { linktype: 1, snaplen: 65535 }));
  return file;
}

// ---------------------------------------------------------------- terminal safety

/** A Host header that recolours the terminal and plants an OSC 8 hyperlink. */
const EVIL_HOST = 'evil\x1b[31m.example\x1b]8;;https://attacker.example/\x07click\x1b]8;;\x07';

const evilCapture = (() => {
  const p = new Path({ cli: '192.168.1.10', srv: '203.0.113.80', cport: 40000, sport: 80 });
  const frames = tcpConversation(p, {
    startUs: T0_US,
    turns: [
      { from: 'cli', data: httpRequest({ path: '/\x1b[2J', host: EVIL_HOST }) },
      { from: 'srv', data: httpResponse({ status: 200, body: new TextEncoder().encode('ok') }) },
    ],
  }).frames;
  return writePcap('evil-host.pcap', frames);
})();

/** A check that puts the host in its alert message and prints it (stderr). */
const evilCheck = (() => {
  const file = path.join(dir, 'echo-host.lua');
  writeFileSync(file, 'local h = flow.http().host\nif h then\n  print("host: " .. h)\n  flow.triggerAlert(100, "host " .. h)\nend\n');
  return file;
})();

function assertNoEscape(r: { raw: Buffer; stdout: string; stderr: string }, what: string): void {
  for (const b of [0x1b, 0x07]) assert.equal(r.raw.indexOf(b), -1, `${what}: a raw 0x${b.toString(16)} byte reached the output:\n${r.stdout}\n${r.stderr}`);
  assert.ok(!/[\u0080-\u009f]/.test(r.stdout + r.stderr), `${what}: a raw C1 control reached the output`);
}

test('the capture carries the escape sequences: JSON keeps the exact host', () => {
  const r = run([evilCapture, '--format', 'json', '--flows', 'all', '--no-risk-alerts']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.flows.length, 1);
  assert.ok(JSON.stringify(doc.flows[0]).includes(JSON.stringify(EVIL_HOST).slice(1, -1)), 'the exact host in JSON');
});

test('github and csv: no raw ESC, BEL or C1 from the capture or the check reaches stdout or stderr', () => {
  const summary = path.join(dir, 'summary.md');
  writeFileSync(summary, '');
  for (const format of ['github', 'csv']) {
    for (const extra of [[], ['--flows', 'all'], ['--fail-on', 'error']]) {
      const r = run([evilCapture, '-c', evilCheck, '--format', format, ...extra], { GITHUB_STEP_SUMMARY: summary });
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      assertNoEscape(r, `${format} ${extra.join(' ')}`);
      // shown escaped, readable
      assert.match(r.stdout + r.stderr, /evil\\x1b\[31m\.example\\x1b\]8;;https/, `${format}: the host shown escaped`);
    }
  }
  // the check's print() on stderr
  const r = run([evilCapture, '-c', evilCheck, '--format', 'github']);
  assert.match(r.stderr, /host: evil\\x1b\[31m\.example/);
  // the GitHub job summary (Markdown) too
  const md = readFileSync(summary);
  assert.equal(md.indexOf(0x1b), -1, 'no raw ESC in the job summary');
  assert.match(md.toString('utf8'), /evil\\\\x1b/);
  // workflow command syntax: the message's own % : , stay readable, the property values escaped
  const gh = run([evilCapture, '-c', evilCheck, '--format', 'github']).stdout;
  assert.match(gh, /^::error file=[^:]*evil-host\.pcap,title=flowcheck\/echo-host\.lua%3A error 100::host evil\\x1b/m);
});

test('the verdict line with -q quotes a check error message escaped', () => {
  const bad = path.join(dir, 'bad.lua');
  writeFileSync(bad, 'error("boom \\27[31m red")\n');
  const r = run([evilCapture, '-c', bad, '--fail-on', 'error', '-q']);
  assert.equal(r.code, 2, r.stderr);
  assertNoEscape(r, '-q verdict');
  assert.match(r.stdout, /^flowcheck: ERROR: 1 check error in 1 flow \(first: .*boom \\x1b\[31m red\)/);
});

test('table: no raw ESC from the capture (lib/report/table.ts escapes its cells)', () => {
  const r = run([evilCapture, '-c', evilCheck, '--flows', 'all']);
  assert.equal(r.code, 0, r.stderr);
  assertNoEscape(r, 'table');
});

// ---------------------------------------------------------------- first/last seen

test("a capture's first/last seen are the earliest and latest packet times, not the first and last in file order", () => {
  const p = new Path({ cli: '10.0.0.1', srv: '10.0.0.2', cport: 5000, sport: 53 });
  const at = (s: number, n: number): Frame => ({ tUs: T0_US + s * 1e6, data: p.udp(true, new Uint8Array(n)) });
  // out of time order: 5 s, 1 s, 9 s, 3 s
  const file = writePcap('unordered.pcap', [at(5, 10), at(1, 11), at(9, 12), at(3, 13)]);
  const r = run([file, '--format', 'json', '--no-risk-alerts']);
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(r.stdout).captures[0];
  assert.equal(c.first_seen, (T0_US + 1e6) / 1e6);
  assert.equal(c.last_seen, (T0_US + 9e6) / 1e6);
  assert.equal(c.duration, 8);
});

// ---------------------------------------------------------------- -q and --where

test('-q prints the verdict only: the report warnings stay in the report', () => {
  // --max-flows 2 ends flows early: a limit warning in the report
  const json = run([MIXED, '--max-flows', '2', '--format', 'json', '--no-risk-alerts']);
  assert.ok(JSON.parse(json.stdout).warnings.length > 0, 'the run has warnings');
  assert.match(json.stderr, /flowcheck: warning: /, 'a JSON report on stdout: the warnings on stderr too');
  const q = run([MIXED, '--max-flows', '2', '-q', '--fail-on', 'error', '--no-risk-alerts']);
  assert.equal(q.code, 0);
  assert.equal(q.stderr, '');
  assert.match(q.stdout, /^flowcheck: PASS: no alert reaches --fail-on error \(0 alerts\)\n$/);
});

test('--where that failed on flows under --fail-on fails closed (exit 2) unless --allow-check-errors', () => {
  // sni is nil on every flow but TLS ones: indexing it fails there
  const where = ['--where', 'flow.tls_quic().sni:len() > 0'];
  const plain = run([MIXED, ...where, '--format', 'json', '--no-risk-alerts']);
  assert.equal(plain.code, 0, 'no gate: a warning, not an error');
  const warn = JSON.parse(plain.stdout).warnings.find((w: string) => w.startsWith('--where failed on '));
  assert.ok(warn, 'the warning is in the report');
  const n = Number(/--where failed on (\d+) flow/.exec(warn)![1]);
  assert.ok(n >= 2);

  const gated = run([MIXED, ...where, '--fail-on', 'error', '-q', '--no-risk-alerts']);
  assert.equal(gated.code, 2, gated.stdout + gated.stderr);
  assert.match(gated.stdout, new RegExp(`^flowcheck: ERROR: --where failed on ${n} flows \\(first: flow \\d+ \\(.*\\); no alert reaches --fail-on error \\(0 alerts\\)\\n$`));

  const allowed = run([MIXED, ...where, '--fail-on', 'error', '-q', '--allow-check-errors', '--no-risk-alerts']);
  assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
  assert.match(allowed.stdout, new RegExp(`^flowcheck: PASS: no alert reaches --fail-on error \\(0 alerts\\); --where failed on ${n} flows .*\\(allowed: --allow-check-errors\\)\\n$`));

  // an expression that fails on no flow: the gate as before
  const fine = run([MIXED, '--where', 'flow.srv_port() ~= 443', '--fail-on', 'error', '-q', '--no-risk-alerts']);
  assert.equal(fine.code, 0, fine.stdout + fine.stderr);
});

// ---------------------------------------------------------------- progress

test('progress: a known size shows percentage and ETA; an unknown one (stdin) bytes and rates only', () => {
  const base = { file: 'x', fileIndex: 0, files: 1, packets: 20_000, alerts: 1 };
  const known = progressText({ ...base, consumed: 50e6, total: 100e6 }, 2);
  assert.match(known, /50\.0% 50\.0\/100\.0 MB, 10,000 pkt\/s, ETA 2 s, 1 alert$/);
  const stdin = progressText({ ...base, consumed: 200e6, total: 0, alerts: 3 }, 2);
  assert.equal(stdin, '200.0 MB read, 10,000 pkt/s, 100.0 MB/s, 3 alerts');
  assert.doesNotMatch(stdin, /%|ETA/);
});
