/**
 * CI gates that cannot lie (issue 15): a gated run with check errors is an ERROR (exit 2)
 * after writing its report; GitHub output fits GitHub's display limits and writes the job
 * summary.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';
import { assertSarifSchema, assertValidSarif } from '../helpers/sarif.js';
import { assertValidReport } from '../helpers/schema.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');
const EXAMPLE = path.join(SAMPLES_DIR, 'checks/example.lua'); // score 100 (error) on every server port 53
const SSH = path.join(SAMPLES_DIR, 'checks/ssh-non-standard-port.lua'); // score 80 (warning)

/**
 * The CLI on the sample. These tests are about the gate on Lua checks and their errors: the
 * built-in nDPI risk alerts (the sample's clear-text credentials are an error) are turned off
 * for analysis runs (merge re-renders reports and takes no analysis option).
 */
function run(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...opts.env };
  if (!opts.env?.GITHUB_STEP_SUMMARY) delete env.GITHUB_STEP_SUMMARY;
  const all = args[0] === 'merge' ? args : [...args, '--no-risk-alerts'];
  const r = spawnSync(process.execPath, [CLI, ...all], { encoding: 'buffer', env, cwd: opts.cwd ?? PROJECT_ROOT });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'flowcheck-gates-'));
}

/** A check that errors on every flow (a typo in a method name), in a fresh folder. */
function brokenCheck(): string {
  const file = path.join(tmp(), 'broken.lua');
  writeFileSync(file, 'if flow.srv_portt() == 53 then\n  flow.triggerAlert(100, "never")\nend\n');
  return file;
}

const FLOWS = (() => {
  const r = run([MIXED, '--format', 'json', '--flows', 'none']);
  return JSON.parse(r.stdout).summary.flows as number;
})();

function errorLine(file: string, gate: string): RegExp {
  const f = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^flowcheck: ERROR: ${FLOWS} check errors in ${FLOWS} flows \\(first: ${f}:1: flow\\.srv_portt is not a function of ntopng's flow API, and flowcheck does not provide it\\); ${gate}\\n$`);
}

// ---------------------------------------------------------------- fail closed

test('a check erroring on every flow under --fail-on: exit 2 with the ERROR verdict, the report written in every format', () => {
  const broken = brokenCheck();
  assert.ok(FLOWS >= 15);
  const q = run([MIXED, '-c', broken, '--fail-on', 'error', '-q']);
  assert.equal(q.code, 2, q.stderr);
  assert.match(q.stdout, errorLine(broken, 'no alert reaches --fail-on error \\(0 alerts\\)'));
  const dir = tmp();
  for (const format of ['json', 'ndjson', 'csv', 'sarif', 'github', 'table']) {
    const out = path.join(dir, `report.${format}`);
    const r = run([MIXED, '-c', broken, '--fail-on', 'error', '--format', format, '-o', out]);
    assert.equal(r.code, 2, `${format}: ${r.stderr}`);
    assert.equal(r.stdout, '', format);
    assert.ok(existsSync(out), `${format}: report written before the exit`);
    assert.match(r.stderr.split('\n').filter(Boolean).pop()! + '\n', errorLine(broken, 'no alert reaches --fail-on error \\(0 alerts\\)'), format);
  }
  const doc = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
  assertValidReport(doc);
  assert.equal(doc.summary.check_errors, FLOWS);
  assert.equal(doc.summary.check_error_flows, FLOWS);
  assert.equal(doc.check_errors.length, FLOWS);
  assert.deepEqual(doc.check_errors[0], {
    check: 'broken.lua',
    flow_id: 1,
    flow: doc.check_errors[0].flow,
    kind: 'runtime',
    line: 1,
    message: `${broken}:1: flow.srv_portt is not a function of ntopng's flow API, and flowcheck does not provide it`,
  });
  // SARIF: the errors as toolExecutionNotifications at the check's file and line
  const sarif = JSON.parse(readFileSync(path.join(dir, 'report.sarif'), 'utf8'));
  assertValidSarif(sarif);
  const inv = sarif.runs[0].invocations[0];
  assert.equal(inv.executionSuccessful, false);
  const notes = inv.toolExecutionNotifications.filter((n: { level: string }) => n.level === 'error');
  assert.equal(notes.length, FLOWS);
  assert.deepEqual(notes[0].locations, [{ physicalLocation: { artifactLocation: { uri: 'file://' + broken }, region: { startLine: 1 } } }]);
  assert.deepEqual(notes[0].associatedRule, { id: 'flowcheck/broken.lua', index: 0 });
  assert.equal(sarif.runs[0].properties.check_errors, FLOWS);
  // GitHub: an error annotation at the check's file and line
  const gh = readFileSync(path.join(dir, 'report.github'), 'utf8');
  assert.match(gh.split('\n')[0], new RegExp(`^::error file=${broken.replace(/[.]/g, '\\.')},line=1,title=flowcheck%3A check error in broken\\.lua::`));
  // the table ends with the verdict when it goes to the terminal
  const t = run([MIXED, '-c', broken, '--fail-on', 'error']);
  assert.equal(t.code, 2);
  assert.match(t.stdout, /\nflowcheck: ERROR: \d+ check errors in \d+ flows \(first: .*broken\.lua:1: /);
});

test('--allow-check-errors restores the gate on alerts alone; without a gate errors are reported and the exit stays 0', () => {
  const broken = brokenCheck();
  const allowed = run([MIXED, '-c', broken, '--fail-on', 'error', '-q', '--allow-check-errors']);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stdout, /^flowcheck: PASS: no alert reaches --fail-on error \(0 alerts\); \d+ check errors in \d+ flows \(first: .*broken\.lua:1: .*\) \(allowed: --allow-check-errors\)\n$/);
  // alerts still gate: another check's error alerts fail it (exit 1)
  const alerts = run([MIXED, '-c', broken, '-c', EXAMPLE, '--fail-on', 'error', '-q', '--allow-check-errors']);
  assert.equal(alerts.code, 1);
  assert.match(alerts.stdout, /^flowcheck: FAIL: \d+ alerts of \d+ reach --fail-on error, highest error 100; \d+ check errors/);
  const withAlerts = run([MIXED, '-c', broken, '-c', EXAMPLE, '--fail-on', 'error', '-q']);
  assert.equal(withAlerts.code, 2, 'check errors win over the alerts: exit 2');
  assert.match(withAlerts.stdout, /^flowcheck: ERROR: \d+ check errors in \d+ flows .*; \d+ alerts of \d+ reach --fail-on error, highest error 100\n$/);
  // no gate: exit 0, and the verdict line of -q still tells
  const free = run([MIXED, '-c', broken, '-q']);
  assert.equal(free.code, 0);
  assert.match(free.stdout, new RegExp(`^flowcheck: 0 alerts \\(no --fail-on gate\\); ${FLOWS} check errors in ${FLOWS} flows \\(first: `));
  const json = run([MIXED, '-c', broken, '--format', 'json']);
  assert.equal(json.code, 0);
  // a run without check errors: the verdict says nothing of them
  const clean = run([MIXED, '-c', SSH, '--fail-on', 'error', '-q']);
  assert.equal(clean.stdout, 'flowcheck: PASS: no alert reaches --fail-on error (1 alert, highest warning 80)\n');
  // in a config file too
  const dir = tmp();
  writeFileSync(path.join(dir, 'flowcheck.config.json'), JSON.stringify({ 'fail-on': 'error', 'allow-check-errors': true }));
  assert.equal(run([MIXED, '-c', broken, '-q'], { cwd: dir }).code, 0);
  assert.equal(run([MIXED, '-c', broken, '-q'], { cwd: tmp() }).code, 0);
});

test('an exceeded instruction budget under a gate is an ERROR too; --strict-checks without a gate: exit 2 with the report written', () => {
  const dir = tmp();
  const loop = path.join(dir, 'loop.lua');
  writeFileSync(loop, 'while true do end\n');
  const r = run([MIXED, '-c', loop, '--lua-budget', '1000', '--fail-on', 'critical', '-q']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stdout, /^flowcheck: ERROR: \d+ check errors in \d+ flows \(first: check loop\.lua exceeded its instruction budget \(1000 instructions\) on flow 1 /);
  const out = path.join(dir, 'strict.sarif');
  const s = run([MIXED, '-c', brokenCheck(), '--strict-checks', '--format', 'sarif', '-o', out]);
  assert.equal(s.code, 2, s.stderr);
  const log = JSON.parse(readFileSync(out, 'utf8'));
  assertValidSarif(log);
  assert.equal(log.runs[0].properties.check_errors, FLOWS, 'the run went on: every error is in the report');
  assert.match(s.stderr, /^flowcheck: ERROR: \d+ check errors in \d+ flows .*; 0 alerts \(no --fail-on gate\)$/m);
  const both = run([MIXED, '--strict-checks', '--allow-check-errors']);
  assert.equal(both.code, 2);
  assert.equal(both.stderr, 'flowcheck: --strict-checks and --allow-check-errors contradict each other: give one\n');
});

test('merge fails closed as a run does (the errors travel in the JSON report)', () => {
  const dir = tmp();
  const rep = path.join(dir, 'report.json');
  const broken = brokenCheck();
  assert.equal(run([MIXED, '-c', broken, '-c', SSH, '--format', 'json', '-o', rep]).code, 0);
  const m = run(['merge', rep, '--fail-on', 'error', '-q']);
  assert.equal(m.code, 2);
  assert.match(m.stdout, errorLine(broken, 'no alert reaches --fail-on error \\(1 alert, highest warning 80\\)'));
  assert.equal(run(['merge', rep, '--fail-on', 'error', '-q', '--allow-check-errors']).code, 0);
  // two reports: the counts add up
  const twice = run(['merge', rep, rep, '--format', 'json']);
  assert.equal(JSON.parse(twice.stdout).summary.check_errors, 2 * FLOWS);
  // a report of an older flowcheck (no counts in its summary): its recorded errors count
  const old = JSON.parse(readFileSync(rep, 'utf8'));
  delete old.summary.check_errors;
  delete old.summary.check_error_flows;
  const oldFile = path.join(dir, 'old.json');
  writeFileSync(oldFile, JSON.stringify(old));
  const o = run(['merge', oldFile, '--fail-on', 'error', '-q']);
  assert.equal(o.code, 2);
  assert.match(o.stdout, new RegExp(`^flowcheck: ERROR: ${FLOWS} check errors in ${FLOWS} flows`));
});

// ---------------------------------------------------------------- GitHub

/** A check raising six alerts on every flow: errors, warnings and notices, well over 100. */
function manyAlerts(): string {
  const file = path.join(tmp(), 'many.lua');
  writeFileSync(
    file,
    [
      'local p = flow.srv_port() % 7',
      'flow.triggerAlert(100 + p, "error " .. p)',
      'flow.triggerAlert(150 + p, "error | <b>*x*</b> [l](http://e) " .. p)',
      'flow.triggerAlert(50 + p, "warning " .. p)',
      'flow.triggerAlert(60 + p, "warning " .. p)',
      'flow.triggerAlert(10 + p, "notice " .. p)',
      'flow.triggerAlert(20 + p, "notice " .. p)',
    ].join('\n') + '\n',
  );
  return file;
}

test('github: at most 10 errors, 10 warnings and 10 notices (9 and one about the rest when cut), by score; --output works', () => {
  const many = manyAlerts();
  const json = JSON.parse(run([MIXED, '-c', many, '--format', 'json', '--flows', 'none']).stdout);
  const total = json.alerts.length;
  assert.ok(total >= 100, `${total} alerts`);
  const r = run([MIXED, '-c', many, '--format', 'github', '--fail-on', 'error']);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length <= 31, `${lines.length} annotation lines`);
  assert.equal(lines.length, 30);
  const kind = (l: string) => /^::(error|warning|notice) /.exec(l)![1];
  const count = (k: string) => lines.filter((l) => kind(l) === k).length;
  assert.equal(count('error'), 10);
  assert.equal(count('warning'), 10);
  assert.equal(count('notice'), 10, '9 alerts and the note about the rest');
  for (const l of lines.slice(0, -1)) assert.match(l, /^::[a-z]+ file=samples\/mixed\.pcap,title=/, 'a path in the checkout, relative to it');
  const scores = lines.slice(0, -1).map((l) => Number(/%3A [a-z]+ (\d+)::/.exec(l)![1]));
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'by score');
  assert.equal(scores[0], Math.max(...json.alerts.map((a: { score: number }) => a.score)), 'the worst alert first');
  assert.equal(lines[29], `::notice title=flowcheck%3A more alerts::${total - 29} more not shown as annotations (${json.alerts.filter((a: { score: number }) => a.score >= 100).length - 10} errors, ${json.alerts.filter((a: { score: number }) => a.score >= 50 && a.score < 100).length - 10} warnings, ${json.alerts.filter((a: { score: number }) => a.score < 50).length - 9} notices; GitHub shows 10 of each kind per step); all ${total} alerts: a --format json or sarif report of the run`);
  // --output: the same bytes in the file
  const dir = tmp();
  const out = path.join(dir, 'annotations.txt');
  const o = run([MIXED, '-c', many, '--format', 'github', '--fail-on', 'error', '-o', out]);
  assert.equal(o.code, 1);
  assert.equal(o.stdout, '');
  assert.equal(readFileSync(out, 'utf8'), r.stdout);
  // merge names the report holding them all
  const rep = path.join(dir, 'report.json');
  run([MIXED, '-c', many, '--format', 'json', '-o', rep]);
  const m = run(['merge', rep, '--format', 'github']);
  assert.match(m.stdout.trim().split('\n').pop()!, new RegExp(`; all ${total} alerts: ${rep.replace(/[.]/g, '\\.')}$`));
  // few alerts: all of them, no note
  const few = run([MIXED, '-c', EXAMPLE, '-c', SSH, '--format', 'github']);
  assert.doesNotMatch(few.stdout, /more alerts/);
  assert.equal(few.stdout.trim().split('\n').length, JSON.parse(run([MIXED, '-c', EXAMPLE, '-c', SSH, '--format', 'json']).stdout).alerts.length);
});

test('github: GITHUB_STEP_SUMMARY gets a Markdown summary appended (verdict, severities, top alerts, protocols), escaped', () => {
  const many = manyAlerts();
  const dir = tmp();
  const summary = path.join(dir, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');
  const r = run([MIXED, '-c', many, '--format', 'github', '--fail-on', 'error'], { env: { GITHUB_STEP_SUMMARY: summary } });
  assert.equal(r.code, 1, r.stderr);
  const md = readFileSync(summary, 'utf8');
  assert.ok(md.startsWith('# earlier step\n## flowcheck\n'), 'appended');
  const verdict = r.stderr.trim().split('\n').pop()!.replace(/^flowcheck: /, '');
  assert.match(verdict, /^FAIL: /);
  assert.ok(md.includes(`**${verdict}**`), md);
  assert.match(md, /\| severity \| alerts \|\n\| --- \| ---: \|\n\| error \| \d+ \|\n\| warning \| \d+ \|\n\| notice \| \d+ \|\n/);
  assert.match(md, /### Top alerts \(10 of \d+\)/);
  assert.match(md, /### Top protocols\n\n\| protocol \| flows \| packets \| bytes \|/);
  assert.match(md, /\| TLS\.Google \| \d+ \| \d+ \| \d+ \|/);
  // traffic-borne text cannot break the table or inject markup
  assert.ok(md.includes('error \\| &lt;b&gt;\\*x\\*&lt;/b&gt; \\[l\\](http://e)'), md);
  assert.doesNotMatch(md, /<b>/);
  // deterministic: a second run appends the same bytes
  run([MIXED, '-c', many, '--format', 'github', '--fail-on', 'error'], { env: { GITHUB_STEP_SUMMARY: summary } });
  const again = readFileSync(summary, 'utf8');
  assert.equal(again, md + md.slice('# earlier step\n'.length));
  // check errors are in it
  const errSummary = path.join(dir, 'errors.md');
  const e = run([MIXED, '-c', brokenCheck(), '--format', 'github', '--fail-on', 'error'], { env: { GITHUB_STEP_SUMMARY: errSummary } });
  assert.equal(e.code, 2);
  const emd = readFileSync(errSummary, 'utf8');
  assert.match(emd, /^## flowcheck\n\n\*\*ERROR: \d+ check errors in \d+ flows/);
  assert.match(emd, /### Check errors \(10 of \d+\)\n\n\| check \| line \| kind \| flow \| message \|/);
  // other formats leave it alone; an unwritable one is a warning, not a failed run
  const other = path.join(dir, 'other.md');
  run([MIXED, '-c', many, '--format', 'json'], { env: { GITHUB_STEP_SUMMARY: other } });
  assert.equal(existsSync(other), false);
  const bad = run([MIXED, '-c', EXAMPLE, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: path.join(dir, 'no/such/dir.md') } });
  assert.equal(bad.code, 0);
  assert.match(bad.stderr, /^flowcheck: warning: GITHUB_STEP_SUMMARY .*no\/such\/dir\.md: cannot append the job summary \(ENOENT\)\n$/);
});

// ---------------------------------------------------------------- package name

test('the package name (free on npm: "flowcheck" is another project) is what SARIF and the README name; the command stays flowcheck', () => {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'flowcheck-pcap');
  assert.deepEqual(Object.keys(pkg.bin), ['flowcheck']);
  const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8'));
  assert.equal(lock.name, pkg.name);
  assert.equal(lock.packages[''].name, pkg.name);
  const log = JSON.parse(run([MIXED, '-c', EXAMPLE, '--format', 'sarif']).stdout);
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.name, pkg.name);
  assert.equal(driver.informationUri, `https://www.npmjs.com/package/${pkg.name}`);
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const installs = [...readme.matchAll(/npm install -g ([^\s`]+)/g)].map((m) => m[1]);
  assert.ok(installs.length >= 2);
  for (const name of installs) assert.equal(name, pkg.name, 'every install recipe installs this project');
});

// ---------------------------------------------------------------- SARIF details

test('sarif: artifacts[].length is the file size; rules carry help and helpUri; the log is valid against the SARIF 2.1.0 schema', () => {
  const gz = path.join(SAMPLES_DIR, 'mixed.pcap.gz');
  const r = run([MIXED, gz, '-c', EXAMPLE, '-c', SSH, '--format', 'sarif']);
  assert.equal(r.code, 0, r.stderr);
  const log = JSON.parse(r.stdout);
  assertSarifSchema(log);
  const arts = log.runs[0].artifacts;
  assert.deepEqual(
    arts.map((a: { location: { uri: string }; length: number }) => [a.location.uri, a.length]),
    [MIXED, gz].map((f) => [path.relative(PROJECT_ROOT, f), statSync(f).size]),
  );
  const json = JSON.parse(run([MIXED, '--format', 'json', '--flows', 'none']).stdout);
  assert.notEqual(json.captures[0].bytes, statSync(MIXED).size, 'frame bytes are not the file size');
  assert.equal(json.captures[0].file_bytes, statSync(MIXED).size);
  // standard input: the bytes read; compressed standard input: unknown, so no length
  const stdin = spawnSync(process.execPath, [CLI, '-', '--format', 'sarif'], { input: readFileSync(MIXED), cwd: PROJECT_ROOT });
  assert.equal(JSON.parse(stdin.stdout.toString()).runs[0].artifacts[0].length, statSync(MIXED).size);
  const stdinGz = spawnSync(process.execPath, [CLI, '-', '--format', 'sarif'], { input: readFileSync(gz), cwd: PROJECT_ROOT });
  assert.equal('length' in JSON.parse(stdinGz.stdout.toString()).runs[0].artifacts[0], false);
  for (const rule of log.runs[0].tool.driver.rules) {
    assert.equal(rule.helpUri, 'https://www.npmjs.com/package/flowcheck-pcap#lua-flow-checks');
    assert.match(rule.help.text, new RegExp(`Lua flow check ${rule.name.replace(/[.]/g, '\\.')} on every flow`));
    assert.match(rule.help.text, /Its source: .*samples\/checks\//);
    assert.match(rule.help.markdown, /\[Lua flow checks\]\(https:\/\/www\.npmjs\.com\/package\/flowcheck-pcap#lua-flow-checks\)/);
  }
  // README anchor the helpUri points at
  assert.match(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'), /^## Lua flow checks$/m);
  // the schema is not a formality: what it forbids is refused
  const bad = structuredClone(log);
  bad.runs[0].results[0].level = 'severe';
  assert.throws(() => assertSarifSchema(bad), /not valid against the SARIF 2\.1\.0 schema/);
  const bad2 = structuredClone(log);
  bad2.runs[0].artifacts[0].length = 'big';
  assert.throws(() => assertSarifSchema(bad2), /not valid against the SARIF 2\.1\.0 schema/);
  const bad3 = structuredClone(log);
  bad3.runs[0].tool.driver.rules[0].unknownProperty = true;
  assert.throws(() => assertSarifSchema(bad3), /not valid against the SARIF 2\.1\.0 schema/);
});
