import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';
import { assertValidNdjsonLine, assertValidReport } from '../helpers/schema.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');

function run(args: string[], input?: Buffer) {
  // these tests are about the Lua checks' alerts: nDPI's risk alerts are left out unless asked for
  const risky = args.some((a) => a.startsWith('--risk') || a.startsWith('--no-risk'));
  const argv = risky || ['merge', 'protocols', 'risks'].includes(args[0]) ? args : [...args, '--no-risk-alerts'];
  const r = spawnSync(process.execPath, [CLI, ...argv], { input, encoding: 'buffer', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), raw: r.stdout };
}

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'flowcheck-test-'));
}

test('json report: valid against the schema, flows and captures filled, identical bytes on a second run', () => {
  const a = run([MIXED, '--format', 'json']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stderr, '');
  const doc = JSON.parse(a.stdout);
  assertValidReport(doc);
  assert.equal(doc.captures[0].format, 'pcap');
  assert.ok(doc.flows.length >= 15);
  assert.equal(doc.summary.flows, doc.flows.length);
  const dns = doc.flows.find((f: { srv_port: number; protocol: number }) => f.srv_port === 53 && f.protocol === 17);
  assert.ok(dns, 'a DNS flow');
  assert.match(dns.community_id, /^1:/);
  const b = run([MIXED, '--format', 'json']);
  assert.equal(b.stdout, a.stdout);
});

test('json keeps the capture timestamp precision (nanosecond capture)', () => {
  const r = run([path.join(SAMPLES_DIR, 'mixed-nsec-be.pcap'), '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assertValidReport(JSON.parse(r.stdout));
  // the number to the microsecond (a double holds it), the string with every digit
  assert.match(r.stdout, /"first_seen":\d{10}(\.\d{1,6})?,"first_seen_iso":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z"[,}]/);
  assert.doesNotMatch(r.stdout, /"(first_seen|last_seen|time)":\d+\.\d{7,}/);
});

test('ndjson: one valid flow per line, then the alerts', () => {
  const r = run([MIXED, '--format', 'ndjson', '--check', path.join(SAMPLES_DIR, 'checks/example.lua')]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  for (const l of lines) assertValidNdjsonLine(l);
  // every line names its type, first
  assert.ok(r.stdout.trim().split('\n').every((l) => /^\{"type":"(flow|alert)",/.test(l)));
  assert.ok(lines.some((l) => l.type === 'flow'));
  const alerts = lines.filter((l) => l.type === 'alert');
  assert.ok(alerts.length >= 1);
  assert.ok(alerts.every((a) => a.check === 'example.lua' && a.score === 100 && a.severity === 'error'));
});

test('--output writes the report atomically; a failed run leaves no file', () => {
  const dir = tmp();
  const out = path.join(dir, 'report.json');
  const ok = run([MIXED, '--format', 'json', '--output', out]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, '');
  assertValidReport(JSON.parse(readFileSync(out, 'utf8')));
  const bad = path.join(dir, 'not-a-capture.txt');
  writeFileSync(bad, 'hello, this is not a capture file at all\n');
  const out2 = path.join(dir, 'report2.json');
  const r = run([bad, '--format', 'json', '--output', out2]);
  assert.equal(r.code, 2);
  assert.equal(existsSync(out2), false);
  assert.deepEqual(readdirSync(dir).sort(), ['not-a-capture.txt', 'report.json']);
});

test('input errors: one line naming the file and offset, exit 2, no stack trace', () => {
  const dir = tmp();
  const bad = path.join(dir, 'junk.pcap');
  writeFileSync(bad, Buffer.from('0123456789abcdef0123456789abcdef'));
  const r = run([bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /junk\.pcap.*offset 0/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.doesNotMatch(r.stderr, /\s+at /);
  const missing = run([path.join(dir, 'nope.pcap')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.pcap/);
  assert.doesNotMatch(missing.stderr, /\s+at /);
  const usage = run(['--no-such-option', MIXED]);
  assert.equal(usage.code, 2);
});

test('a truncated capture: a warning naming the offset, and everything before the cut reported', () => {
  const whole = readFileSync(MIXED);
  const dir = tmp();
  const cut = path.join(dir, 'cut.pcap');
  writeFileSync(cut, whole.subarray(0, whole.length - 7));
  const r = run([cut, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assertValidReport(doc);
  const full = JSON.parse(run([MIXED, '--format', 'json']).stdout);
  assert.equal(doc.summary.packets, full.summary.packets - 1);
  assert.equal(doc.warnings.length, 1);
  assert.match(doc.warnings[0], /cut\.pcap.*offset \d+/);
  // a program reads the JSON; the person running it hears of the cut on stderr
  assert.equal(r.stderr, `flowcheck: warning: ${doc.warnings[0]}\n`);
  // -q: the verdict and errors only (issue 16); the warning stays in the report
  const quiet = run([cut, '-q']);
  assert.equal(quiet.stderr, '');
  assert.match(quiet.stdout, /^flowcheck: \d+ alerts? \(no --fail-on gate\)\n$/);
  const table = run([cut]);
  assert.match(table.stdout, /^warning: .*cut\.pcap/m);
  assert.equal(table.stderr, '', 'the table shows it once, on stdout');
  assert.equal(run([MIXED, '--format', 'json']).stderr, '', 'no warning, nothing on stderr');
});

test('stdin: "-" reads the capture from standard input (gzip too)', () => {
  const a = run(['-', '--format', 'json'], readFileSync(path.join(SAMPLES_DIR, 'mixed.pcap.gz')));
  assert.equal(a.code, 0, a.stderr);
  const doc = JSON.parse(a.stdout);
  const ref = JSON.parse(run([MIXED, '--format', 'json']).stdout);
  assert.equal(doc.captures[0].gzip, true);
  assert.deepEqual(
    doc.flows.map((f: { community_id: string; cli2srv_bytes: number }) => [f.community_id, f.cli2srv_bytes]),
    ref.flows.map((f: { community_id: string; cli2srv_bytes: number }) => [f.community_id, f.cli2srv_bytes]),
  );
});

test('table output: capture facts, protocols and top flows, no colour when piped', () => {
  const r = run([MIXED]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /mixed\.pcap/);
  assert.match(r.stdout, /TLS\.Google/);
  assert.match(r.stdout, /Top flows by bytes/);
  assert.doesNotMatch(r.stdout, /\x1b\[/);
});

test('a Lua syntax error stops the run before reading: exit 2 with file and line', () => {
  const dir = tmp();
  const bad = path.join(dir, 'broken.lua');
  writeFileSync(bad, 'if flow.srv_port() == 53 then\n  flow.triggerAlert(10, "x"\nend\n');
  const r = run([MIXED, '--check', bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /broken\.lua:\d+/);
  assert.equal(r.stdout, '');
});

test('protocols lists the nDPI table, filterable', () => {
  const r = run(['protocols', 'dns']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^\s+5\s+DNS\s+Network$/m);
  const j = run(['protocols', '--format', 'json']);
  const rows = JSON.parse(j.stdout);
  assert.ok(rows.length > 400);
  assert.deepEqual(rows.find((p: { id: number }) => p.id === 91).name, 'TLS');
  // snake_case, as every report
  assert.deepEqual(Object.keys(rows[0]), ['id', 'name', 'category', 'breed', 'is_app', 'cleartext', 'tcp_ports', 'udp_ports']);
  assert.deepEqual(rows.find((p: { id: number }) => p.id === 91).tcp_ports, [443]);
});

test('a bad --local-networks value is a usage error, not an internal one', () => {
  const r = run([MIXED, '--check', path.join(SAMPLES_DIR, 'checks/example.lua'), '--local-networks', '10.0.0.0/33']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--local-networks: .*10\.0\.0\.0\/33/);
  assert.doesNotMatch(r.stderr, /internal error/);
});

test('a check reads flow.l7_proto_name() as the report names the flow (the bundled CLI too)', () => {
  const dir = tmp();
  const check = path.join(dir, 'names.lua');
  writeFileSync(check, 'flow.triggerAlert(1, flow.l7_proto_name())\n');
  const r = run([MIXED, '-c', check, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const byId = new Map<number, string>(doc.flows.map((f: { id: number; l7_proto_name: string }) => [f.id, f.l7_proto_name]));
  assert.ok(doc.alerts.length > 5);
  for (const a of doc.alerts) assert.equal(a.message, byId.get(a.flow_id), `flow ${a.flow_id}`);
  assert.ok(doc.alerts.some((a: { message: string }) => a.message === 'TLS.Google'));
});

test('--output naming a directory: exit 2 before the run, one line naming it, nothing left behind', () => {
  // a directory inside a private one: /tmp itself changes under other processes
  const d = path.join(tmp(), 'out');
  mkdirSync(d);
  const before = readdirSync(path.dirname(d));
  const r = run([MIXED, '--format', 'json', '-o', d]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `flowcheck: ${d}: cannot write the report (EISDIR)\n`);
  assert.equal(r.stdout, '');
  assert.deepEqual(readdirSync(path.dirname(d)), before, 'no temporary file beside it');
});

test('-o - writes the report to stdout, as no -o does', () => {
  const viaDash = run([MIXED, '--format', 'ndjson', '-o', '-']);
  assert.equal(viaDash.code, 0, viaDash.stderr);
  assert.equal(viaDash.stdout, run([MIXED, '--format', 'ndjson']).stdout);
  assert.ok(viaDash.stdout.length > 0);
});

test('protocols: a filter that matches nothing says so on stderr (exit 0, stdout empty)', () => {
  const r = run(['protocols', 'no-such-protocol']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'flowcheck: no protocol matches "no-such-protocol" (by name, category or id)\n');
  assert.equal(run(['protocols', 'no-such-protocol', '--format', 'json']).stdout, '[]\n');
});

test('- (stdin) given twice is a usage error before anything is read', () => {
  const r = run(['-', '-'], readFileSync(MIXED));
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^flowcheck: - \(stdin\) given more than once/);
});

test('bad analysis options are exit 2 with one line before anything is read (a number yargs made NaN too)', () => {
  const cases: [string[], RegExp][] = [
    [['--max-packets', '0'], /^flowcheck: --max-packets 0: expected a whole number of packets, 1 or more\n$/],
    [['--max-flows', 'lots'], /^flowcheck: --max-flows: expected a whole number of flows, 1 or more\n$/],
    [['--tcp-timeout', '-5'], /^flowcheck: --tcp-timeout -5: expected seconds, 0 or more\n$/],
    [['--udp-timeout', 'abc'], /^flowcheck: --udp-timeout: expected seconds, 0 or more\n$/],
    [['--lua-budget', '-3'], /^flowcheck: --lua-budget -3: expected a whole number of instructions, 1 or more\n$/],
    [['--lua-memory', '0.5'], /^flowcheck: --lua-memory 0.5: expected MiB, 1 or more\n$/],
    [['--local-networks', '10.0.0.0/99'], /^flowcheck: --local-networks: bad network '10\.0\.0\.0\/99'\n$/],
    [['--max-frame', 'big'], /^flowcheck: --max-frame: expected a whole number\n$/],
  ];
  for (const [args, want] of cases) {
    const r = run([MIXED, '--format', 'json', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, want);
    assert.equal(r.stdout, '', args.join(' '));
  }
  assert.equal(run([MIXED, '--format', 'json', '--tcp-timeout', '0', '--max-packets', '1']).code, 0);
});

test('a directory: files that are not captures are skipped, and the report says which', () => {
  const d = tmp();
  writeFileSync(path.join(d, 'a.pcap'), readFileSync(MIXED));
  writeFileSync(path.join(d, 'notes.txt'), 'not a capture');
  writeFileSync(path.join(d, 'broken.pcap'), Buffer.from('\x00\x01damaged header'));
  const r = run([d, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.captures.map((c: { file: string }) => path.basename(c.file)), ['a.pcap']);
  const want = `skipped 2 files in the input directories that are not a capture: ${path.join(d, 'broken.pcap')}, ${path.join(d, 'notes.txt')}`;
  assert.deepEqual(doc.warnings, [want]);
  assert.equal(r.stderr, `flowcheck: warning: ${want}\n`);
});

test('--ntopng-compat: ntopng code behaviour in checks, recorded in the report options', () => {
  const dir = tmp();
  const check = path.join(dir, 'compat.lua');
  writeFileSync(check, 'if flow.srv_port() == 53 then\n  flow.triggerAlert(200, "first")\n  flow.triggerAlert(300, flow.direction() .. " " .. tostring(flow.http() ~= nil))\nend\n');
  const alertsOf = (extra: string[]) => {
    const r = run([MIXED, '--format', 'json', '--flows', 'none', '--check', check, ...extra]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assertValidReport(doc);
    return { doc, alerts: doc.alerts.map((a: { score: number; message: string }) => `${a.score} ${a.message}`) as string[] };
  };
  const plain = alertsOf([]);
  assert.equal(plain.doc.options.ntopng_compat, undefined);
  assert.ok(plain.alerts.includes('255 local2remote false') && plain.alerts.includes('200 first'), plain.alerts.join('\n'));
  const compat = alertsOf(['--ntopng-compat']);
  assert.equal(compat.doc.options.ntopng_compat, true);
  // five DNS flows; the IPv6 one is between two non-local addresses
  assert.deepEqual(compat.alerts.sort(), [...Array(4).fill(`${300 % 256} local@remote true`), `${300 % 256} remote@remote true`].sort());
});
