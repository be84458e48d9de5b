import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';
import { assertValidSarif } from '../helpers/sarif.js';
import { assertValidReport } from '../helpers/schema.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');
const EXAMPLE = path.join(SAMPLES_DIR, 'checks/example.lua'); // score 100 (error) on every server port 53
const SSH = path.join(SAMPLES_DIR, 'checks/ssh-non-standard-port.lua'); // score 80 (warning)

function run(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...opts.env };
  delete env.FORCE_COLOR;
  if (opts.env?.FORCE_COLOR) env.FORCE_COLOR = opts.env.FORCE_COLOR;
  if (opts.env?.NO_COLOR === '') delete env.NO_COLOR;
  // these tests are about the Lua checks' alerts: nDPI's risk alerts are left out unless asked for
  const risky = args.some((a) => a.startsWith('--risk') || a.startsWith('--no-risk'));
  const argv = risky || ['merge', 'protocols', 'risks'].includes(args[0]) ? args : [...args, '--no-risk-alerts'];
  const r = spawnSync(process.execPath, [CLI, ...argv], { encoding: 'buffer', env, cwd: opts.cwd ?? PROJECT_ROOT });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** The JSON document of a successful run (the failure shows the run's stderr). */
function jsonOf(r: { code: number | null; stdout: string; stderr: string }): any {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'flowcheck-report-'));
}

// ---------------------------------------------------------------- gates

test('--fail-on: exit 1 when an alert reaches the severity or score, 0 otherwise, 2 when invalid', () => {
  const base = [MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'json'];
  const none = run(base);
  assert.equal(none.code, 0, none.stderr);
  const doc = JSON.parse(none.stdout);
  const scores = doc.alerts.map((a: { score: number }) => a.score);
  assert.ok(scores.includes(100) && scores.includes(80), `alerts of both checks: ${scores}`);
  assert.equal(run([...base, '--fail-on', 'error']).code, 1);
  assert.equal(run([...base, '--fail-on', 'warning']).code, 1);
  assert.equal(run([...base, '--fail-on', 'critical']).code, 0);
  assert.equal(run([...base, '--fail-on', '100']).code, 1);
  assert.equal(run([...base, '--fail-on', '101']).code, 0);
  // only the SSH check: a warning (80) reaches "warning" and 80, not "error"
  assert.equal(run([MIXED, '--check', SSH, '--fail-on', 'error', '-q']).code, 0);
  assert.equal(run([MIXED, '--check', SSH, '--fail-on', '80', '-q']).code, 1);
  const bad = run([...base, '--fail-on', 'severe']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-on severe/);
  assert.equal(run([...base, '--fail-on', '256']).code, 2);
  // an input error is 2 whatever the gate
  const dir = tmp();
  writeFileSync(path.join(dir, 'x.pcap'), 'not a capture at all, sorry');
  assert.equal(run([path.join(dir, 'x.pcap'), '--check', EXAMPLE, '--fail-on', 'error']).code, 2);
});

test('--quiet prints only the verdict line; the gate verdict of other formats goes to stderr', () => {
  const q = run([MIXED, '--check', EXAMPLE, '--fail-on', 'error', '--quiet']);
  assert.equal(q.code, 1);
  assert.equal(q.stdout.split('\n').length, 2, q.stdout);
  assert.match(q.stdout, /^flowcheck: FAIL: \d+ alerts? of \d+ reach --fail-on error/);
  const pass = run([MIXED, '--check', EXAMPLE, '--fail-on', 'emergency', '-q']);
  assert.equal(pass.code, 0);
  assert.match(pass.stdout, /^flowcheck: PASS: no alert reaches --fail-on emergency/);
  const j = run([MIXED, '--check', EXAMPLE, '--fail-on', 'error', '--format', 'json']);
  assert.equal(j.code, 1);
  assertValidReport(JSON.parse(j.stdout));
  assert.match(j.stderr, /FAIL/);
});

test('--help names the exit codes and shows examples for every command', () => {
  for (const args of [['--help'], ['merge', '--help'], ['protocols', '--help']]) {
    const r = run(args);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Exit codes: 0 .*1 an alert reached --fail-on, 2 usage/);
    assert.match(r.stdout, /Examples:/);
  }
});

test('--help wraps at word boundaries within 100 columns off a TTY (ES-module yargs cut words in two)', () => {
  const r = run(['--help']);
  assert.equal(r.code, 0);
  for (const line of r.stdout.split('\n')) assert.ok(line.length <= 100, `line over 100 columns: ${line}`);
  const prose = r.stdout.replace(/\s+/g, ' ');
  assert.match(prose, /Streams capture files \(pcap, pcapng, gzip; directories; - for stdin\), builds flows, classifies them as nDPI does/);
  assert.match(prose, /never from a config file\)/);
});

// ---------------------------------------------------------------- formats

test('sarif: 2.1.0 structure, a rule per check, flows as logical locations, stable fingerprints, sorted, same bytes', () => {
  const args = [MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'sarif'];
  const a = run(args);
  assert.equal(a.code, 0, a.stderr);
  const log = JSON.parse(a.stdout);
  assertValidSarif(log);
  const runObj = log.runs[0];
  assert.deepEqual(
    runObj.tool.driver.rules.map((r: { id: string }) => r.id),
    ['flowcheck/example.lua', 'flowcheck/ssh-non-standard-port.lua'],
  );
  const json = jsonOf(run([MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'json']));
  assert.equal(runObj.results.length, json.alerts.length);
  assert.deepEqual(runObj.artifacts.map((x: { location: { uri: string } }) => x.location.uri), [path.relative(PROJECT_ROOT, MIXED)]);
  for (const r of runObj.results) {
    assert.equal(r.level, r.properties.score >= 100 ? 'error' : 'warning');
    assert.match(r.message.text, /\[flow .* → .*, \d{4}-\d\d-\d\dT[0-9:.]+Z, community id 1:/);
    const ll = r.locations[0].logicalLocations[0];
    assert.equal(ll.kind, 'flow');
    assert.match(ll.properties.community_id, /^1:/);
    assert.match(r.partialFingerprints['flowcheck/v1'], /^[0-9a-f]{64}$/);
  }
  const times = runObj.results.map((r: { properties: { epoch: string } }) => Number(r.properties.epoch));
  assert.deepEqual(times, [...times].sort((x, y) => x - y));
  const fps = new Set(runObj.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['flowcheck/v1']));
  assert.equal(fps.size, runObj.results.length, 'distinct findings, distinct fingerprints');
  assert.equal(run(args).stdout, a.stdout);
  // the same finding from another capture file of the same traffic keeps its fingerprint
  const ng = jsonOf(run([path.join(SAMPLES_DIR, 'mixed.pcapng'), '--check', EXAMPLE, '--check', SSH, '--format', 'sarif']));
  assert.deepEqual(
    ng.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints),
    runObj.results.map((r: { partialFingerprints: object }) => r.partialFingerprints),
  );
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  return rows;
}

test('csv: a header and one row per alert (or per flow with --flows), RFC 4180 quoting', () => {
  const r = run([MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'csv']);
  assert.equal(r.code, 0, r.stderr);
  const rows = parseCsv(r.stdout);
  const json = jsonOf(run([MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'json']));
  assert.equal(rows[0][0], 'time');
  assert.equal(rows.length - 1, json.alerts.length);
  assert.ok(rows.every((x) => x.length === rows[0].length));
  const msg = rows[0].indexOf('message');
  assert.ok(rows.slice(1).some((x) => x[msg].startsWith('SSH on non-standard port 2222')));
  assert.equal(run([MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'csv']).stdout, r.stdout, 'same bytes twice');
  const f = run([MIXED, '--format', 'csv', '--flows', 'all']);
  const frows = parseCsv(f.stdout);
  assert.equal(frows[0][0], 'id');
  assert.equal(frows.length - 1, jsonOf(run([MIXED, '--format', 'json'])).flows.length);
});

test('github: one workflow command per alert, escaped, most severe first', () => {
  const r = run([MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'github']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length >= 2);
  for (const l of lines) assert.match(l, /^::(error|warning|notice) file=[^,:]+,title=flowcheck\/[^:]+%3A [a-z]+ \d+::\S/);
  assert.match(lines[0], /^::error /);
  assert.equal(run([MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'github']).stdout, r.stdout, 'same bytes twice');
  assert.match(lines[lines.length - 1], /^::warning .*SSH on non-standard port/);
});

test('json --flows all|alerted|none, valid against the schema; alerts carry their flow', () => {
  const all = jsonOf(run([MIXED, '--check', EXAMPLE, '--format', 'json']));
  const alerted = jsonOf(run([MIXED, '--check', EXAMPLE, '--format', 'json', '--flows', 'alerted']));
  const none = jsonOf(run([MIXED, '--check', EXAMPLE, '--format', 'json', '--flows', 'none']));
  for (const d of [all, alerted, none]) assertValidReport(d);
  assert.equal(all.flows.length, all.summary.flows);
  assert.deepEqual(alerted.flows, all.flows.filter((f: { alerts: unknown[] }) => f.alerts.length > 0));
  assert.equal(alerted.flows.length, all.summary.alerted_flows);
  assert.deepEqual(none.flows, []);
  assert.deepEqual(none.alerts, all.alerts);
  for (const a of all.alerts) {
    const f = all.flows.find((x: { id: number }) => x.id === a.flow_id);
    assert.equal(a.flow.community_id, f.community_id);
    assert.equal(a.flow.srv_port, 53);
  }
});

// ---------------------------------------------------------------- terminal

test('table: alerts sorted by score then time, fits a fixed width, colour only when asked', () => {
  const r = run([MIXED, '--check', EXAMPLE, '--check', SSH], { env: { COLUMNS: '100' } });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /\x1b\[/);
  const tableLines = r.stdout.split('\n').filter((l) => /^[┌│├└]/.test(l));
  assert.ok(tableLines.length > 10);
  for (const line of tableLines) assert.ok([...line].length <= 100, `fits 100 columns: ${line}`);
  assert.match(r.stdout, /…/);
  const lines = r.stdout.split('\n');
  const head = lines.findIndex((l) => /severity/.test(l));
  assert.match(lines[head - 2], /^Alerts — on 2024-01-01, times in UTC$/);
  assert.match(lines[head], /│ time /);
  const rows = lines.slice(head + 2).filter((l) => /^│ (error|warning)/.test(l));
  const scores = rows.map((l) => Number(l.split('│')[2]));
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  assert.equal(rows[rows.length - 1].split('│')[1].trim(), 'warning');
  assert.match(r.stdout, /TLS\.Google/); // protocol breakdown
  const wide = run([MIXED, '--check', SSH, '--wide'], { env: { COLUMNS: '60' } });
  assert.match(wide.stdout, /SSH on non-standard port 2222 \(SSH-2\.0-OpenSSH_9\.6p1 Ubuntu-3ubuntu13\)/);
  assert.match(wide.stdout, /192\.168\.1\.10:50023 → 198\.51\.100\.7:2222/);
  const forced = run([MIXED, '--check', SSH], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
  assert.match(forced.stdout, /\x1b\[33mwarning\x1b\[0m/);
  const top = run([MIXED, '--check', EXAMPLE, '--top', '2']);
  assert.match(top.stdout, /Alerts \(top 2 of \d+\)/);
});

test('table without checks: top flows by --sort', () => {
  const r = run([MIXED, '--sort', 'packets', '--top', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Top flows by packets/);
  const t = run([MIXED, '--sort', 'time', '--top', '1']);
  assert.match(t.stdout, /Top flows by first packet[\s\S]*192\.168\.1\.10:53211/);
});

// ---------------------------------------------------------------- --where

test('--where: a Lua expression over flow selects the reported flows and the gate; errors are clear', () => {
  const r = run([MIXED, '--check', EXAMPLE, '--check', SSH, '--format', 'json', '--where', 'flow.srv_port() ~= 53']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assertValidReport(doc);
  assert.ok(doc.flows.length > 0 && doc.flows.every((f: { srv_port: number }) => f.srv_port !== 53));
  assert.equal(doc.summary.flows, doc.flows.length);
  assert.ok(doc.alerts.every((a: { check: string }) => a.check === 'ssh-non-standard-port.lua'));
  assert.equal(doc.options.where, 'flow.srv_port() ~= 53');
  // the error alerts are all on port 53: outside the filter, the gate passes
  assert.equal(run([MIXED, '--check', EXAMPLE, '--where', 'flow.srv_port() ~= 53', '--fail-on', 'error', '-q']).code, 0);
  assert.equal(run([MIXED, '--check', EXAMPLE, '--where', 'flow.l7_proto_name():find("DNS") ~= nil', '--fail-on', 'error', '-q']).code, 1);
  const syntax = run([MIXED, '--where', 'flow.srv_port( ==']);
  assert.equal(syntax.code, 2);
  assert.match(syntax.stderr, /--where: not a Lua expression/);
  const statements = run([MIXED, '--where', 'flow.srv_port() == 53; x = 1']);
  assert.equal(statements.code, 2);
  assert.match(statements.stderr, /--where: not a Lua expression/);
  const alerting = run([MIXED, '--where', 'flow.triggerAlert(10, "x")', '--format', 'json']);
  assert.equal(alerting.code, 0, alerting.stderr);
  assert.match(JSON.parse(alerting.stdout).warnings.join('\n'), /--where failed on 18 flows .*: flow\.triggerAlert\(\) belongs in a check/);
  const loop = run([MIXED, '--where', '(function() while true do end end)()']);
  assert.equal(loop.code, 2);
  assert.match(loop.stderr, /--where exceeded its instruction budget .* on flow \d+/);
  const dir = tmp();
  const out = path.join(dir, 'r.json');
  const syntaxOut = run([MIXED, '--where', 'flow.srv_port( ==', '--format', 'json', '-o', out]);
  assert.equal(syntaxOut.code, 2);
  assert.equal(existsSync(out), false, 'a failed run leaves no report');
  assert.deepEqual(readdirSync(dir), []);
});

test('--where: an expression that fails on a flow is false for it, counted and reported once', () => {
  // flow.tls_quic() is nil on every flow but the TLS/QUIC ones: indexing it fails there
  const r = run([MIXED, '--where', 'flow.tls_quic().sni == "x"', '--format', 'json', '--flows', 'all']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assertValidReport(doc);
  assert.deepEqual(doc.flows, [], 'no flow matches, none that failed is reported');
  const w = doc.warnings.filter((x: string) => x.startsWith('--where'));
  assert.equal(w.length, 1, 'one warning for all the failures');
  assert.match(w[0], /^--where failed on 13 flows \(treated as false\): first on flow 4 \(TCP 192\.168\.1\.10:49153 -> 93\.184\.216\.34:80\): attempt to index a nil value .*flow\.tls_quic\(\) is nil/);
  assert.match(r.stderr, /flowcheck: warning: --where failed on 13 flows/);
  // the flows where it does not fail still match as the expression says
  const tls = run([MIXED, '--where', 'flow.tls_quic().sni ~= nil', '--format', 'json', '--flows', 'all']);
  assert.equal(tls.code, 0, tls.stderr);
  const tdoc = JSON.parse(tls.stdout);
  assert.ok(tdoc.flows.length > 0 && tdoc.flows.every((f: { tls?: { sni?: string }; quic?: { sni?: string } }) => (f.tls?.sni ?? f.quic?.sni) !== undefined));
  assert.ok(tdoc.flows.length <= 18 - 13, 'only the flows it did not fail on');
  assert.match(tdoc.warnings.join('\n'), /--where failed on 13 flows/);
  // the table shows it with the report; a wrong method name fails on every flow alike
  const typo = run([MIXED, '--where', 'flow.no_such_method() > 1']);
  assert.equal(typo.code, 0, typo.stderr);
  assert.match(typo.stdout, /warning: --where failed on 18 flows \(treated as false\): first on flow \d+ \(TCP .*\): flow\.no_such_method is not a function/);
});

// ---------------------------------------------------------------- config

test('config file: flowcheck.config.json picked up from the working directory, --config, command line wins', () => {
  const dir = tmp();
  const cfg = { check: [path.relative(dir, EXAMPLE)], 'fail-on': 'error', format: 'json', quiet: true };
  writeFileSync(path.join(dir, 'flowcheck.config.json'), JSON.stringify(cfg));
  const d = run([MIXED], { cwd: dir });
  assert.equal(d.code, 1, d.stderr);
  assert.match(d.stdout, /^flowcheck: FAIL/);
  assert.equal(d.stderr, '', 'quiet (from the config): no "options from" line');
  assert.equal(run([MIXED, '--fail-on', 'critical'], { cwd: dir }).code, 0, 'command line over config');
  const noq = run([MIXED, '--no-quiet'], { cwd: dir });
  assert.equal(noq.code, 1);
  assertValidReport(JSON.parse(noq.stdout));
  assert.equal(JSON.parse(noq.stdout).options.checks[0].file, path.relative(dir, EXAMPLE), 'paths relative to the config file');
  assert.match(noq.stderr, /^flowcheck: options from flowcheck\.config\.json\n/, 'a config read is said');
  const cli = run([MIXED, '--check', SSH, '--fail-on', 'error'], { cwd: dir });
  assert.equal(cli.code, 0, '--check on the command line replaces the config checks');
  const nc = run([MIXED, '--no-config'], { cwd: dir });
  assert.equal(nc.code, 0);
  assert.doesNotMatch(nc.stderr, /options from/);
  // --config FILE from elsewhere
  const other = path.join(tmp(), 'ci.json');
  writeFileSync(other, JSON.stringify({ check: [EXAMPLE], 'fail-on': 100 }));
  assert.equal(run([MIXED, '--config', other, '-q']).code, 1);
  const said = run([MIXED, '--config', other, '--format', 'csv']);
  assert.equal(said.code, 1);
  assert.match(said.stderr, new RegExp(`^flowcheck: options from ${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
  // bad configs: exit 2 with the file named
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ 'unsafe-lua': true }));
  const b = run([MIXED, '--config', bad]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /bad\.json: unknown option "unsafe-lua" \(--unsafe-lua must be given on the command line\)/);
  writeFileSync(bad, '{ not json');
  assert.match(run([MIXED, '--config', bad]).stderr, /bad\.json: not valid JSON/);
  assert.equal(run([MIXED, '--config', path.join(dir, 'missing.json')]).code, 2);
});

test('a report is never taken for a config: flowcheck.json in the working directory changes nothing; --config REPORT is refused', () => {
  const dir = tmp();
  const args = [MIXED, '--check', EXAMPLE, '--format', 'json'];
  const before = run(args, { cwd: dir });
  assert.equal(before.code, 0, before.stderr);
  // the old README recipe: the report written under the old config file name
  const w = run([...args, '-o', 'flowcheck.json'], { cwd: dir });
  assert.equal(w.code, 0, w.stderr);
  assert.equal(w.stderr, '');
  const again = run(args, { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr, '', 'no "options from", no unknown option');
  assert.equal(again.stdout, before.stdout);
  const merged = run(['merge', 'flowcheck.json', '--format', 'github', '--fail-on', 'error'], { cwd: dir });
  assert.equal(merged.code, 1, merged.stderr);
  assert.match(merged.stdout, /^::error /);
  // a report given as the config, or left under the config's name: refused, naming the file
  const asConfig = run([MIXED, '--config', 'flowcheck.json'], { cwd: dir });
  assert.equal(asConfig.code, 2);
  assert.equal(
    asConfig.stderr,
    'flowcheck: flowcheck.json: this is a flowcheck JSON report ("schema_version"), not a config file (a config is a JSON object of option names; write reports to report.json, flowcheck.sarif …)\n',
  );
  const s = run([MIXED, '--check', EXAMPLE, '--format', 'sarif', '-o', 'flowcheck.config.json'], { cwd: dir });
  assert.equal(s.code, 0, s.stderr);
  const refused = run([MIXED], { cwd: dir });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^flowcheck: .*flowcheck\.config\.json: this is a SARIF log \("runs"\), not a config file/);
  assert.doesNotMatch(refused.stderr, /\s+at /);
  // a config under the old name is not read, and its gate does not vanish unannounced
  const old = tmp();
  writeFileSync(path.join(old, 'flowcheck.json'), JSON.stringify({ check: [EXAMPLE], 'fail-on': 'error' }));
  const o = run([MIXED, '-q'], { cwd: old });
  assert.equal(o.code, 2);
  assert.equal(
    o.stderr,
    'flowcheck: flowcheck.json: a config file under its old name, no longer read (reports took that name too): rename it to flowcheck.config.json, or give --no-config to run without it\n',
  );
  assert.equal(o.stdout, '');
  const nc = run([MIXED, '-q', '--no-config'], { cwd: old });
  assert.equal(nc.code, 0);
  assert.equal(nc.stdout, 'flowcheck: 0 alerts (no --fail-on gate)\n');
  writeFileSync(path.join(old, 'flowcheck.config.json'), JSON.stringify({ check: [EXAMPLE], 'fail-on': 'error' }));
  assert.equal(run([MIXED, '-q'], { cwd: old }).code, 1, 'renamed: read');
});

// ---------------------------------------------------------------- merge

/** Splits a little-endian microsecond pcap at packet time `at` (epoch seconds). */
function splitPcap(file: string, at: number): [Buffer, Buffer] {
  const b = readFileSync(file);
  assert.equal(b.readUInt32LE(0), 0xa1b2c3d4);
  const hdr = b.subarray(0, 24);
  const a: Buffer[] = [hdr];
  const c: Buffer[] = [hdr];
  for (let off = 24; off + 16 <= b.length; ) {
    const sec = b.readUInt32LE(off);
    const usec = b.readUInt32LE(off + 4);
    const len = b.readUInt32LE(off + 8);
    const rec = b.subarray(off, off + 16 + len);
    (sec + usec / 1e6 < at ? a : c).push(rec);
    off += 16 + len;
  }
  return [Buffer.concat(a), Buffer.concat(c)];
}

test('merge: reports of two captures equal one run over both (flows not spanning files); same gates', () => {
  const dir = tmp();
  const [a, b] = splitPcap(MIXED, 1704067206.5);
  const fa = path.join(dir, 'a.pcap');
  const fb = path.join(dir, 'b.pcap');
  writeFileSync(fa, a);
  writeFileSync(fb, b);
  // long idle timeouts: a flow left open at the end of a.pcap ends at the end of the run in both cases
  const common = ['--check', EXAMPLE, '--check', SSH, '--udp-timeout', '100000', '--other-timeout', '100000', '--format', 'json'];
  const single = run([fa, fb, ...common]);
  assert.equal(single.code, 0, single.stderr);
  const one = JSON.parse(single.stdout);
  const ra = path.join(dir, 'a.json');
  const rb = path.join(dir, 'b.json');
  assert.equal(run([fa, ...common, '-o', ra]).code, 0);
  assert.equal(run([fb, ...common, '-o', rb]).code, 0);
  const m = run(['merge', ra, rb, '--format', 'json']);
  assert.equal(m.code, 0, m.stderr);
  const merged = JSON.parse(m.stdout);
  assertValidReport(merged);
  // the premise: no flow spans the two files, and each file holds several
  const ja = JSON.parse(readFileSync(ra, 'utf8'));
  assert.ok(ja.flows.length >= 5 && one.flows.length - ja.flows.length >= 5);
  assert.ok(ja.alerts.length > 0 && one.alerts.length > ja.alerts.length);
  const byId = (x: { id: number }, y: { id: number }) => x.id - y.id;
  assert.deepEqual([...merged.flows].sort(byId), [...one.flows].sort(byId));
  for (const k of ['captures', 'summary', 'alerts', 'decode_problems', 'skipped_linktypes', 'check_errors', 'warnings', 'tool', 'schema_version']) {
    assert.deepEqual(merged[k], one[k], k);
  }
  // exact timestamps survive the round trip through the files
  assert.match(m.stdout, /"first_seen":1704067200\.05,/);
  // gates and other formats on the merged report
  assert.equal(run(['merge', ra, rb, '--fail-on', 'error', '-q']).code, 1);
  assert.equal(run(['merge', ra, rb, '--fail-on', 'critical', '-q']).code, 0);
  const s = run(['merge', ra, rb, '--format', 'sarif']);
  assertValidSarif(JSON.parse(s.stdout));
  assert.equal(JSON.parse(s.stdout).runs[0].results.length, one.alerts.length);
  const notReport = run(['merge', ra, fa]);
  assert.equal(notReport.code, 2);
  assert.match(notReport.stderr, /a\.pcap: not a JSON report/);
});

test('gate failure still writes the report to --output (CI uploads it); identical bytes on a second run', () => {
  const dir = tmp();
  const out1 = path.join(dir, '1.sarif');
  const out2 = path.join(dir, '2.sarif');
  const r1 = run([MIXED, '--check', EXAMPLE, '--format', 'sarif', '-o', out1, '--fail-on', 'error']);
  assert.equal(r1.code, 1);
  assert.equal(r1.stdout, '');
  assert.match(r1.stderr, /FAIL/);
  run([MIXED, '--check', EXAMPLE, '--format', 'sarif', '-o', out2, '--fail-on', 'error']);
  assert.equal(readFileSync(out1, 'utf8'), readFileSync(out2, 'utf8'));
  assert.deepEqual(readdirSync(dir).sort(), ['1.sarif', '2.sarif']);
  // a run that fails (not a capture) leaves the previous report untouched and no temporary file
  const junk = path.join(dir, 'junk.pcap');
  writeFileSync(junk, 'definitely not a capture file');
  const before = readFileSync(out1, 'utf8');
  for (const format of ['sarif', 'csv', 'github', 'table', 'json']) {
    const bad = run([junk, '--check', EXAMPLE, '--format', format, '-o', out1]);
    assert.equal(bad.code, 2, format);
    assert.equal(readFileSync(out1, 'utf8'), before, format);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['1.sarif', '2.sarif', 'junk.pcap']);
});

test('-c DIR runs each .lua file of the directory, by name, as if each were given', () => {
  const dir = tmp();
  writeFileSync(path.join(dir, 'b-ssh.lua'), readFileSync(SSH));
  writeFileSync(path.join(dir, 'a-example.lua'), readFileSync(EXAMPLE));
  writeFileSync(path.join(dir, 'notes.txt'), 'not a check');
  const viaDir = run([MIXED, '-c', dir, '--format', 'sarif']);
  assert.equal(viaDir.code, 0, viaDir.stderr);
  const each = run([MIXED, '-c', path.join(dir, 'a-example.lua'), '-c', path.join(dir, 'b-ssh.lua'), '--format', 'sarif']);
  assert.equal(viaDir.stdout, each.stdout);
  const rules = JSON.parse(viaDir.stdout).runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
  assert.deepEqual(rules, ['flowcheck/a-example.lua', 'flowcheck/b-ssh.lua']);
  const json = jsonOf(run([MIXED, '--check-end', dir, '--format', 'json']));
  assert.deepEqual(json.options.checks.map((c: { file: string; hook: string }) => [path.basename(c.file), c.hook]), [['a-example.lua', 'end'], ['b-ssh.lua', 'end']]);
  const empty = tmp();
  const none = run([MIXED, '-c', empty]);
  assert.equal(none.code, 2);
  assert.equal(none.stderr, `flowcheck: no .lua checks in the directory ${empty}\n`);
});

test("risk alerts without Lua: --fail-on gates on nDPI's risks; --risks and --no-risk-alerts choose; JSON, SARIF and schema carry them", () => {
  // mixed.pcap: HTTP Basic credentials (high, 100 → error), SSH on 2222 (medium, 50 → warning) …
  const gate = run([MIXED, '--fail-on', 'error', '-q', '--risks', 'all']);
  assert.equal(gate.code, 1, gate.stderr);
  assert.match(gate.stdout, /FAIL: 1 alert of \d+ reach --fail-on error, highest error 100/);
  const off = run([MIXED, '--fail-on', 'notice', '-q', '--no-risk-alerts']);
  assert.equal(off.code, 0, off.stdout);
  const dropped = run([MIXED, '--fail-on', 'error', '-q', '--risks=-clear_text_credentials']);
  assert.equal(dropped.code, 0, dropped.stdout);
  assert.match(dropped.stdout, /PASS: no alert reaches --fail-on error \(5 alerts, highest warning 50\)/);
  const only = run([MIXED, '--fail-on', 'warning', '-q', '--risks', 'numeric_ip_host']);
  assert.equal(only.code, 0, 'a notice alone does not reach warning');
  assert.match(only.stdout, /\(1 alert, highest notice 10\)/);
  const bad = run([MIXED, '--risks', 'no_such_risk']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown risk "no_such_risk"/);

  const doc = jsonOf(run([MIXED, '--format', 'json', '--risks', 'all']));
  assertValidReport(doc);
  const http = doc.flows.find((f: any) => f.risks.some((r: any) => r.name === 'Clear-Text Credentials'));
  assert.ok(http);
  assert.deepEqual(
    http.risks.map((r: any) => [r.id, r.name, r.severity, r.score]),
    [
      [12, 'HTTP/TLS/QUIC Numeric Hostname/SNI', 'low', 10],
      [36, 'Clear-Text Credentials', 'high', 100],
    ],
  );
  assert.equal(http.risk_score, 110);
  assert.equal(http.risk_score_client + http.risk_score_server, 110);
  assert.ok(http.alerts.some((a: any) => a.check === 'ndpi/clear_text_credentials' && a.severity === 'error'));
  assert.ok(doc.summary.risks.some((r: any) => r.name === 'Clear-Text Credentials' && r.flows === 1));

  const sarif = JSON.parse(run([MIXED, '--format', 'sarif', '--risks', 'all']).stdout);
  assertValidSarif(sarif);
  const rule = sarif.runs[0].tool.driver.rules.find((r: any) => r.name === 'ndpi/clear_text_credentials');
  assert.ok(rule && /clear text/i.test(rule.help.text) && rule.defaultConfiguration.level === 'error');

  const list = run(['risks', 'high']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^ {2}6 {2}tls_selfsigned_certificate +high +100 {2}Self-signed Cert$/m);
});
