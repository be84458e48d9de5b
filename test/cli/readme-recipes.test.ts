/**
 * The README's CI recipes, run as written: every command of its "CI recipes" section, one by
 * one, through a `flowcheck` on the PATH, in a fresh folder holding the bundled sample as
 * `captures/` and a check as `checks/` — with the job semantics of each CI (GitHub skips a
 * step after a failure unless `if: always()`, GitLab stops at the first failure and keeps
 * `when: always` artifacts), then a second time in the same folder. A recipe that fails,
 * writes nothing to upload, or changes on a rerun fails this test.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';
import { assertValidSarif } from '../helpers/sarif.js';
import { assertValidReport } from '../helpers/schema.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const PKG = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string };

// ---------------------------------------------------------------- the recipes, from the README

interface Step {
  run?: string;
  uses?: string;
  always: boolean;
  /** upload-sarif's sarif_file, upload-artifact's path. */
  uploads: string[];
}

interface Recipe {
  kind: 'github' | 'gitlab' | 'shell';
  title: string;
  steps: Step[];
  /** GitLab artifacts (when: always). */
  artifacts: string[];
  /** flowcheck.config.json laid in the folder first (a json block before the recipe). */
  config?: Record<string, unknown>;
}

function recipes(): Recipe[] {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## CI recipes\n');
  assert.ok(start >= 0, 'the README has a CI recipes section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  const out: Recipe[] = [];
  let config: Record<string, unknown> | undefined;
  for (const m of section.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    const [, lang, body] = m;
    const title = `${lang} block at README offset ${start + m.index!}`;
    if (lang === 'json') {
      config = JSON.parse(body);
      continue;
    }
    if (lang === 'yaml' && /^\s+steps:\s*$/m.test(body)) out.push({ kind: 'github', title, steps: githubSteps(body), artifacts: [], config });
    else if (lang === 'yaml' && /^\s+script:\s*$/m.test(body)) out.push(gitlab(body, title, config));
    else if (lang === 'sh') {
      const steps = body
        .split('\n')
        .filter((l) => l.trim() && !l.trim().startsWith('#'))
        .map((run) => ({ run, always: true, uploads: [] }));
      out.push({ kind: 'shell', title, steps, artifacts: [], config });
    } else assert.fail(`${title}: a block of a kind this test does not run`);
    config = undefined;
  }
  return out;
}

function githubSteps(yaml: string): Step[] {
  const lines = yaml.split('\n');
  const at = lines.findIndex((l) => /^\s+steps:\s*$/.test(l));
  const indent = /^(\s*)- /.exec(lines[at + 1])![1];
  const steps: string[][] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith(indent + '- ')) steps.push([l.slice(indent.length + 2)]);
    else if (l.trim()) steps[steps.length - 1].push(l);
  }
  return steps.map((s) => {
    const text = s.join('\n');
    const key = (k: string) => new RegExp(`^\\s*${k}: (.*)$`, 'm').exec(text)?.[1];
    const uploads = [...text.matchAll(/\b(?:sarif_file|path): ([^\s,}]+)/g)].map((x) => x[1]);
    return { run: key('run'), uses: key('uses'), always: /^\s*if: always\(\)/m.test(text), uploads };
  });
}

function gitlab(yaml: string, title: string, config?: Record<string, unknown>): Recipe {
  const lines = yaml.split('\n');
  const at = lines.findIndex((l) => /^\s+script:\s*$/.test(l));
  const steps: Step[] = [];
  for (const l of lines.slice(at + 1)) {
    const m = /^\s+- (.*)$/.exec(l);
    if (!m) break;
    steps.push({ run: m[1], always: false, uploads: [] });
  }
  const paths = /^\s+paths: \[(.*)\]\s*$/m.exec(yaml);
  assert.ok(paths, `${title}: artifacts paths`);
  assert.match(yaml, /^\s+when: always\s*$/m, `${title}: artifacts when: always`);
  return { kind: 'gitlab', title, steps, artifacts: paths[1].split(',').map((x) => x.trim()), config };
}

// ---------------------------------------------------------------- the folder and the runs

/** A `flowcheck` command on the PATH: this build. */
function shimDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-bin-'));
  const shim = path.join(dir, 'flowcheck');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}
const BIN = shimDir();

interface Scenario {
  name: string;
  check: string;
  /** Exit code of a gated command (--fail-on error), and of one gated with --where local2remote. */
  gate: number;
  where: number;
}

const SCENARIOS: Scenario[] = [
  // the check raises warnings only, but the sample's clear-text HTTP credentials (a flow
  // between two local addresses) are an nDPI risk of severity error: the gate fails, the
  // --where recipe (local2remote flows) passes
  { name: 'warnings only', check: readFileSync(path.join(SAMPLES_DIR, 'checks/ssh-non-standard-port.lua'), 'utf8'), gate: 1, where: 0 },
  { name: 'error alerts', check: readFileSync(path.join(SAMPLES_DIR, 'checks/example.lua'), 'utf8'), gate: 1, where: 1 },
  {
    name: 'error alerts on local traffic only',
    check: 'if flow.direction() == "local2local" then flow.triggerAlert(100, "internal flow") end\n',
    gate: 1,
    where: 0,
  },
  { name: 'a check that errors on every flow', check: 'if flow.srv_portt() == 53 then flow.triggerAlert(100, "never") end\n', gate: 2, where: 2 },
];

function folder(sc: Scenario, r: Recipe): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-recipe-'));
  mkdirSync(path.join(dir, 'captures'));
  copyFileSync(path.join(SAMPLES_DIR, 'mixed.pcap'), path.join(dir, 'captures/mixed.pcap'));
  mkdirSync(path.join(dir, 'checks'));
  writeFileSync(path.join(dir, 'checks/policy.lua'), sc.check);
  if (r.config) writeFileSync(path.join(dir, 'flowcheck.config.json'), JSON.stringify(r.config, null, 2) + '\n');
  return dir;
}

interface Ran {
  cmd: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One pass of a recipe in `dir`, as its CI would run it. */
function runRecipe(r: Recipe, sc: Scenario, dir: string, summary: string): Ran[] {
  const ran: Ran[] = [];
  let failed = false;
  for (const step of r.steps) {
    if (failed && !step.always) continue; // GitHub skips it; GitLab (always false) stops
    if (step.uses !== undefined) {
      // the actions themselves are GitHub's; what flowcheck must give them is there
      for (const f of step.uploads) assert.ok(existsSync(path.join(dir, f)), `${r.title} (${sc.name}): ${step.uses} finds ${f}`);
      continue;
    }
    const cmd = step.run!;
    const install = /^npm install -g (\S+)$/.exec(cmd);
    if (install) {
      assert.equal(install[1], PKG.name, `${r.title}: installs this project`);
      continue;
    }
    assert.match(cmd, /^flowcheck /, `${r.title}: a flowcheck command`);
    const env: Record<string, string | undefined> = { ...process.env, PATH: `${BIN}:${process.env.PATH}`, NO_COLOR: '1', TZ: 'UTC' };
    delete env.GITHUB_STEP_SUMMARY;
    if (r.kind === 'github') env.GITHUB_STEP_SUMMARY = summary;
    const p = spawnSync('bash', ['-c', cmd], { cwd: dir, env, encoding: 'utf8' });
    const res = { cmd, code: p.status, stdout: p.stdout, stderr: p.stderr };
    ran.push(res);
    const gated = /--fail-on/.test(cmd) || r.config?.['fail-on'] !== undefined;
    const want = !gated ? 0 : /--where/.test(cmd) ? sc.where : sc.gate;
    assert.equal(res.code, want, `${r.title} (${sc.name}): ${cmd}\n${res.stderr}`);
    assert.doesNotMatch(res.stderr, /unknown option|internal error|\n\s+at /, cmd);
    if (r.config) assert.match(res.stderr, /^flowcheck: options from flowcheck\.config\.json$/m, `${cmd}: the config is said`);
    else assert.doesNotMatch(res.stderr, /options from/, `${cmd}: no config read`);
    if (want === 2) assert.match(res.stdout + res.stderr, /flowcheck: ERROR: \d+ check errors in \d+ flows \(first: checks\/policy\.lua:1: /, cmd);
    if (res.code !== 0) failed = true;
  }
  for (const a of r.artifacts) assert.ok(existsSync(path.join(dir, a)), `${r.title} (${sc.name}): artifact ${a}`);
  return ran;
}

/** The files a pass left in the folder (not the inputs), with their bytes. */
function outputs(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) if (f !== 'captures' && f !== 'checks' && f !== 'flowcheck.config.json') m.set(f, readFileSync(path.join(dir, f), 'utf8'));
  return m;
}

function checkOutputs(files: Map<string, string>, sc: Scenario, what: string): void {
  for (const [f, text] of files) {
    if (f.endsWith('.sarif')) {
      const log = JSON.parse(text);
      assertValidSarif(log);
      assert.equal(log.runs[0].tool.driver.name, PKG.name);
      assert.equal(log.runs[0].invocations[0].executionSuccessful, sc.gate !== 2, `${what}: ${f}`);
    } else if (f.endsWith('.json')) {
      const doc = JSON.parse(text);
      assertValidReport(doc);
      assert.equal(doc.summary.check_errors > 0, sc.gate === 2, `${what}: ${f}`);
    } else if (f.endsWith('.csv')) assert.match(text, /^time,time_iso,severity,score,check,message,/, `${what}: ${f}`);
  }
}

test('the README has the recipes this test runs', () => {
  const all = recipes();
  assert.deepEqual(
    all.map((r) => r.kind),
    ['github', 'github', 'gitlab', 'shell', 'shell', 'shell'],
  );
  const cmds = all.flatMap((r) => r.steps.map((s) => s.run ?? s.uses ?? ''));
  assert.ok(cmds.some((c) => /^flowcheck merge report\.json --format github --fail-on error$/.test(c)), 'a merge step');
  assert.ok(cmds.some((c) => c.startsWith('github/codeql-action/upload-sarif')), 'a SARIF upload');
  assert.ok(cmds.some((c) => /--where /.test(c)), 'a --where recipe');
  assert.ok(all.some((r) => r.config !== undefined), 'a config recipe');
  assert.ok(!cmds.some((c) => /-o flowcheck\.json\b/.test(c)), 'no report under a config-like name');
});

for (const sc of SCENARIOS) {
  test(`README CI recipes, each command as written, twice in the same folder: ${sc.name}`, () => {
    for (const r of recipes()) {
      const dir = folder(sc, r);
      const summary = path.join(mkdtempSync(path.join(tmpdir(), 'flowcheck-summary-')), 'step-summary.md');
      const first = runRecipe(r, sc, dir, summary);
      assert.ok(first.length > 0, `${r.title}: ran something`);
      const files1 = outputs(dir);
      checkOutputs(files1, sc, `${r.title} (${sc.name})`);
      const gh = first.find((x) => /--format github/.test(x.cmd));
      assert.equal(existsSync(summary), !!gh, `${r.title}: a job summary from --format github only`);
      if (gh) {
        {
          const md = readFileSync(summary, 'utf8');
          assert.match(md, /^## flowcheck\n\n\*\*(PASS|FAIL|ERROR): /, `${r.title}: job summary`);
          const lines = gh.stdout.trim().split('\n').filter(Boolean);
          assert.ok(lines.length <= 31, 'annotations fit');
          for (const l of lines) assert.match(l, /^::(error|warning|notice) /);
          if (sc.gate > 0) assert.match(gh.stdout, /^::error /);
        }
      }
      // a rerun in the same folder: the same exit codes, output and files
      const second = runRecipe(r, sc, dir, summary);
      assert.deepEqual(
        second.map((x) => [x.cmd, x.code, x.stdout]),
        first.map((x) => [x.cmd, x.code, x.stdout]),
        `${r.title} (${sc.name}): rerun`,
      );
      assert.deepEqual(outputs(dir), files1, `${r.title} (${sc.name}): the rerun wrote the same files`);
    }
  });
}
