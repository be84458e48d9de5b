/**
 * The Lua time limit (--lua-time, issue 18 row 2): loops of costly library calls, which the
 * instruction budget does not bound, end as a named check error (kind `time`); the check's
 * state is replaced and the run goes on with the next flow. The limits are small here (50 ms)
 * so that each case runs in a fraction of a second; how far past the limit a run goes is
 * measured by scripts (docs/ROBUSTNESS.md), not asserted: timed tests on a shared machine lie.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_TIME_LIMIT } from '../../lib/check/runner.js';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';
import { harness, makeFlow } from './helpers.js';

const flowTo = (port: number) => makeFlow('10.0.0.1', 40000, '8.8.8.8', port, 17);

/** issue 18 row 2, each run on the flow to port 1 only; a counter shows the state's reset. */
const ATTACKS: [name: string, lua: string][] = [
  ['string.rep of 8 MB in a loop', 'while true do local s = string.rep("x", 8e6) end'],
  ['string.rep of 8 MB in a loop, its memory errors caught', 'while true do pcall(string.rep, "x", 8e6) end'],
  ['s:find over a 4 MB string in a loop', 'local s = string.rep("a", 4 * 1024 * 1024)\nwhile true do local r = s:find("b") end'],
  ['s:match over a 4 MB string in a loop', 'local s = ("ab"):rep(2 * 1024 * 1024)\nwhile true do local r = s:match("(b+)c") end'],
  ['a coroutine loop', 'while true do\n  local co = coroutine.wrap(function() while true do coroutine.yield(1) end end)\n  for i = 1, 100 do co() end\nend'],
  ['os.date with long formats in a loop', 'local f = string.rep("%c", 128)\nwhile true do local d = os.date(f) end'],
  ['table.concat of a large table in a loop', 'local t = {} for i = 1, 200000 do t[i] = "x" end\nwhile true do local s = table.concat(t) end'],
  ['table.sort of a large table in a loop', 'local t = {} for i = 1, 100000 do t[i] = (i * 7919) % 100003 end\nwhile true do table.sort(t) t[1], t[#t] = t[#t], t[1] end'],
];

for (const [name, lua] of ATTACKS) {
  test(`the time limit stops ${name}: a named check error, the state replaced, the next flow run`, async () => {
    const h = await harness(`n = (n or 0) + 1\nflow.triggerAlert(1, "run " .. n)\nif flow.srv_port() == 1 then\n${lua}\nend\n`, { timeLimit: 50 });
    h.run(flowTo(2));
    const f = h.run(flowTo(1));
    h.run(flowTo(2));
    assert.equal(h.runner.errors.length, 1, h.lines.join('\n'));
    const e = h.runner.errors[0];
    assert.equal(e.kind, 'time');
    assert.equal(e.flowId, f.id);
    assert.match(e.message, new RegExp(`^check check\\d+\\.lua exceeded its time limit \\(50 ms\\) on flow ${f.id} \\(UDP 10\\.0\\.0\\.1:40000 -> 8\\.8\\.8\\.8:1\\); its Lua state was reset \\(globals cleared\\)$`));
    assert.deepEqual(h.runner.errorsByKind, { runtime: 0, budget: 0, memory: 0, time: 1 });
    // the run went on: the flow after it ran in a fresh state (its counter starts again)
    assert.deepEqual(h.runner.alerts.map((a) => a.message), ['run 1', 'run 2', 'run 1']);
    h.runner.close();
  });
}

test('one os.date with a 6 MB format is refused at once, naming the format limit and the line', async () => {
  const h = await harness('flow.triggerAlert(1, "before")\nlocal s = os.date(string.rep("%c", 3e6))\nflow.triggerAlert(1, "after")', { timeLimit: 50 });
  h.run(flowTo(1));
  h.run(flowTo(2));
  assert.equal(h.runner.errors.length, 2);
  for (const e of h.runner.errors) {
    assert.equal(e.kind, 'runtime');
    assert.equal(e.line, 2);
    assert.match(e.message, /check\d+\.lua:2: os\.date: a format of 6000000 bytes is over the limit of 256 bytes$/);
  }
  assert.deepEqual(h.runner.alerts.map((a) => a.message), ['before', 'before']);
  h.runner.close();
});

test('the wrapped library functions keep their results and their argument errors', async () => {
  const h = await harness(
    [
      'local big = ("ab"):rep(40000)',
      'assert(#big == 80000 and big:sub(1, 5) == "ababa" and big:sub(-3) == "bab")',
      'assert(("x"):rep(70000, ",") == ("x,"):rep(69999) .. "x")',
      'assert(#string.rep("xyz", 30000, "--") == 3 * 30000 + 2 * 29999)',
      'assert(string.rep("a", 0) == "" and string.rep("a", -1) == "" and string.rep(5, 2) == "55")',
      'assert(big:find("ba", 70000, true) == 70000 and select(2, big:gsub("ab", "")) == 40000)',
      'assert(big:match("^(a)b") == "a")',
      'local n = 0 for _ in big:gmatch("ab") do n = n + 1 end assert(n == 40000)',
      'local t = {} for i = 1, 20000 do t[i] = 20001 - i end table.sort(t) assert(t[1] == 1 and t[20000] == 20000)',
      'assert(os.date("!%Y-%m-%d %H:%M:%S", 0) == "1970-01-01 00:00:00")',
      'local ok, err = pcall(string.rep, "x", 1.5)',
      'assert(not ok and err:find("number has no integer representation"), err)',
      'ok, err = pcall(string.find, nil, "x")',
      'assert(not ok and err:find("bad argument #1 to \'string.find\' %(string expected, got nil%)"), err)',
      'flow.triggerAlert(1, "ok")',
    ].join('\n'),
    { timeLimit: 3_600_000 }, // results, not time: no limit in reach on a loaded machine
  );
  h.run(flowTo(1));
  assert.deepEqual(h.runner.errors, []);
  assert.equal(h.runner.alerts.length, 1);
  h.runner.close();
});

test('the default time limit is 100 ms; a limit must be positive', async () => {
  assert.equal(DEFAULT_TIME_LIMIT, 100);
  await assert.rejects(harness('return', { timeLimit: 0 }), /Lua time limit must be positive/);
});

// ---------------------------------------------------------------- the CLI

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--no-risk-alerts'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' }, cwd: PROJECT_ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--lua-time: an attack on one flow is a check error in the report; a gate exits 2 unless --allow-check-errors', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-lua-time-'));
  const check = path.join(dir, 'rep-loop.lua');
  // once per run (the run cache outlives the state's reset); every flow raises an alert
  writeFileSync(check, 'if (ntop.getCache("attacked") or "") == "" then\n  ntop.setCache("attacked", "1")\n  while true do local s = string.rep("x", 8e6) end\nend\nflow.triggerAlert(10, "seen")\n');
  const out = path.join(dir, 'r.json');
  const r = cli([MIXED, '-c', check, '--lua-time', '50', '--format', 'json', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^flowcheck: check rep-loop\.lua exceeded its time limit \(50 ms\) on flow 1 \(.*\); its Lua state was reset \(globals cleared\)$/m);
  const rep = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(rep.summary.check_errors, 1);
  assert.equal(rep.check_errors[0].kind, 'time');
  assert.equal(rep.check_errors[0].check, 'rep-loop.lua');
  assert.ok(rep.warnings.includes('limit lua-time: 1 check runs stopped by the Lua time limit (--lua-time)'), rep.warnings.join('\n'));
  // every other flow was still checked
  assert.equal(rep.summary.alerts, rep.summary.flows - 1);
  const gated = cli([MIXED, '-c', check, '--lua-time', '50', '--fail-on', 'critical', '-q']);
  assert.equal(gated.code, 2, gated.stderr);
  assert.match(gated.stdout, /^flowcheck: ERROR: 1 check error in 1 flow \(first: check rep-loop\.lua exceeded its time limit \(50 ms\) on flow 1 /);
  assert.equal(cli([MIXED, '-c', check, '--lua-time', '50', '--fail-on', 'critical', '-q', '--allow-check-errors']).code, 0);
  const bad = cli([MIXED, '--lua-time', '0']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'flowcheck: --lua-time 0: expected milliseconds, 1 or more\n');
});
