import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CheckRunner, CheckScriptError, CheckStrictError } from '../../lib/check/runner.js';
import { checkFile, harness, makeFlow } from './helpers.js';

const flowTo = (port: number) => makeFlow('10.0.0.1', 40000, '8.8.8.8', port, 17);
/** A time limit no test reaches, however loaded the machine (for tests of the other limits). */
const OUT_OF_REACH = 3_600_000;

test('a syntax error stops loading with file, line and message', async () => {
  const file = checkFile('local x = 1\nif x then\n  x = x +\nend\n', 'broken.lua');
  await assert.rejects(
    CheckRunner.create([{ file, hook: 'detected' }]),
    (e: unknown) => e instanceof CheckScriptError && e.file === file && e.line === 4 && /broken\.lua:4: unexpected symbol near 'end'/.test(e.message),
  );
});

test('an unreadable check file is a CheckScriptError', async () => {
  const file = path.join(os.tmpdir(), 'flowcheck-does-not-exist.lua');
  await assert.rejects(CheckRunner.create([{ file, hook: 'end' }]), (e: unknown) => e instanceof CheckScriptError && e.file === file);
});

test('a runtime error is reported with file, line and flow; the run goes on', async () => {
  const h = await harness('if flow.srv_port() == 1 then\n  local t = nil\n  return t.x\nend\nflow.triggerAlert(10, "ok " .. flow.srv_port())\n');
  h.run(flowTo(2));
  const bad = h.run(flowTo(1));
  h.run(flowTo(3));
  assert.equal(h.runner.errors.length, 1);
  const e = h.runner.errors[0];
  assert.equal(e.kind, 'runtime');
  assert.equal(e.line, 3);
  assert.equal(e.flowId, bad.id);
  assert.equal(e.flowLabel, 'UDP 10.0.0.1:40000 -> 8.8.8.8:1');
  assert.match(e.message, /check\d+\.lua:3: attempt to index a nil value \(local 't'\)/);
  assert.deepEqual(h.runner.alerts.map((a) => a.message), ['ok 2', 'ok 3']);
  assert.equal(h.runner.errorCount, 1);
  assert.ok(h.lines.some((l) => l.includes('attempt to index a nil value') && l.includes(`flow ${bad.id}`)));
  h.runner.close();
});

test('error() with a non-string value and with level 0', async () => {
  const h = await harness('if flow.srv_port() == 1 then error({}) else error("plain", 0) end');
  h.run(flowTo(1));
  h.run(flowTo(2));
  assert.equal(h.runner.errors[0].message, '(error object is not a string)');
  assert.equal(h.runner.errors[0].line, undefined);
  assert.equal(h.runner.errors[1].message, 'plain');
  h.runner.close();
});

test('strict mode throws after recording the error', async () => {
  const h = await harness('error("boom")', { strict: true });
  assert.throws(() => h.run(flowTo(1)), (e: unknown) => e instanceof CheckStrictError && /boom/.test(e.message));
  assert.equal(h.runner.errors.length, 1);
  h.runner.close();
});

for (const [name, src] of [
  ['while true do end', 'while true do end'],
  ['a loop inside pcall', 'while true do pcall(function() while true do end end) end'],
  ['a loop inside xpcall with a looping handler', 'xpcall(function() while true do end end, function() while true do end end)'],
  ['a loop inside a coroutine', 'local co = coroutine.wrap(function() while true do end end)\nco()'],
  ['short coroutines created forever', 'while true do coroutine.resume(coroutine.create(function() for i = 1, 50 do end end)) end'],
  ['a loop inside a coroutine inside pcall', 'while true do pcall(coroutine.wrap(function() while true do end end)) end'],
] as const) {
  test(`instruction budget stops ${name}; the state is replaced and the run goes on`, async () => {
    const h = await harness(`n = (n or 0) + 1\nflow.triggerAlert(1, "run " .. n)\nif flow.srv_port() == 1 then\n${src}\nend\n`, { budget: 200_000, timeLimit: OUT_OF_REACH });
    h.run(flowTo(2));
    h.run(flowTo(2));
    const f = h.run(flowTo(1));
    h.run(flowTo(2));
    assert.equal(h.runner.errors.length, 1);
    const e = h.runner.errors[0];
    assert.equal(e.kind, 'budget');
    assert.equal(e.flowId, f.id);
    assert.match(e.message, new RegExp(`^check check\\d+\\.lua exceeded its instruction budget \\(200000 instructions\\) on flow ${f.id} `));
    // globals were reset with the state: the counter starts again
    assert.deepEqual(h.runner.alerts.map((a) => a.message), ['run 1', 'run 2', 'run 3', 'run 1']);
    h.runner.close();
  });
}

test('the default budget also stops an endless loop', async () => {
  const h = await harness('while true do end', { timeLimit: OUT_OF_REACH });
  h.run(flowTo(1));
  assert.equal(h.runner.errors[0].kind, 'budget');
  assert.match(h.runner.errors[0].message, /10000000 instructions/);
  h.runner.close();
});

test('a memory bomb gets a per-flow memory error and the state survives', async () => {
  const h = await harness(
    'n = (n or 0) + 1\nif flow.srv_port() == 1 then local s = string.rep("x", 1 << 30) end\nif flow.srv_port() == 3 then local t = {} for i = 1, 1e9 do t[i] = {i} end end\nflow.triggerAlert(1, "n=" .. n)',
    { memoryMax: 16 * 1024 * 1024, timeLimit: OUT_OF_REACH },
  );
  h.run(flowTo(2));
  const a = h.run(flowTo(1));
  const b = h.run(flowTo(3));
  h.run(flowTo(2));
  assert.deepEqual(h.runner.errors.map((e) => [e.kind, e.flowId]), [['memory', a.id], ['memory', b.id]]);
  assert.equal(h.runner.errors[0].message, `check ${h.runner.errors[0].check}: memory limit 16777216 bytes exceeded on flow ${a.id} (UDP 10.0.0.1:40000 -> 8.8.8.8:1)`);
  // same state: globals kept
  assert.deepEqual(h.runner.alerts.map((x) => x.message), ['n=1', 'n=4']);
  h.runner.close();
});

test('string.rep of gigabytes beyond the size limit is an ordinary error', async () => {
  const h = await harness('local s = string.rep("x", 4 * 1024 * 1024 * 1024)');
  h.run(flowTo(1));
  assert.equal(h.runner.errors.length, 1);
  assert.ok(h.runner.errors[0].kind === 'memory' || /too large/.test(h.runner.errors[0].message));
  h.runner.close();
});

test('os.execute, os.exit, io.open, debug, dofile, loadfile, require of files are unreachable', async () => {
  const marker = path.join(os.tmpdir(), `flowcheck-sandbox-${process.pid}`);
  const probes: [string, RegExp][] = [
    [`os.execute("touch ${marker}")`, /:1: os\.execute is not available in flowcheck: checks cannot open files, run programs or end the process$/],
    ['os.exit(3)', /os\.exit is not available in flowcheck/],
    [`io.open("${marker}", "w")`, /io\.open is not available in flowcheck/],
    ['io.popen("id")', /io\.popen is not available in flowcheck/],
    ['debug.sethook()', /attempt to index a nil value \(global 'debug'\)/],
    ['dofile("/etc/passwd")', /attempt to call a nil value \(global 'dofile'\)/],
    ['loadfile("/etc/passwd")', /attempt to call a nil value \(global 'loadfile'\)/],
    ['require("os")', /module 'os' not found: no file .*os\.lua beside the check; flowcheck provides alert_consts, dkjson/],
    ['require("io")', /module 'io' not found/],
    ['require("../../etc/passwd")', /module '\.\.\/\.\.\/etc\/passwd' not found: a module name is dotted identifiers/],
    ['os.getenv("HOME")', /attempt to call a nil value \(field 'getenv'\)/],
    ['string.dump(print)', /attempt to call a nil value \(field 'dump'\)/],
    ['("x").dump(print)', /attempt to call a nil value \(field 'dump'\)/],
    ['assert(load("\\27Lua\\x54\\0"))', /attempt to load a binary chunk/],
    ['load("return os")().execute("id")', /os\.execute is not available/],
    ['_G.os.execute("id")', /os\.execute is not available/],
    ['package.loaded.os.execute("id")', /attempt to index a nil value \(field 'os'\)/],
  ];
  const h = await harness(probes.map(([code], i) => `if flow.srv_port() == ${i} then ${code} end`).join('\n'));
  for (let i = 0; i < probes.length; i++) h.run(flowTo(i));
  assert.equal(h.runner.errors.length, probes.length);
  probes.forEach(([code, re], i) => assert.match(h.runner.errors[i].message, re, code));
  assert.equal(existsSync(marker), false);
  assert.equal(process.exitCode, undefined);
  h.runner.close();
});

test('the safe subset works: os.time/clock/date, string, table, math, utf8, coroutine, load of text', async () => {
  const h = await harness(
    'local t = os.time({year=2024, month=1, day=1, hour=0})\nassert(math.type(t) == "integer")\nassert(type(os.clock()) == "number")\nassert(os.date("!%Y", 0) == "1970")\nassert(utf8.char(72, 105) == "Hi" and utf8.len("héllo") == 5)\nassert(table.concat({1,2}, ",") == "1,2" and math.max(1, 5) == 5)\nassert(("abc"):upper() == "ABC")\nassert(coroutine.wrap(function() coroutine.yield(7) end)() == 7)\nassert(load("return flow.srv_port()")() == 53)\nflow.triggerAlert(1, "ok")',
  );
  h.run(flowTo(53));
  assert.deepEqual(h.runner.errors, []);
  assert.equal(h.runner.alerts.length, 1);
  h.runner.close();
});

test('--unsafe-lua reads Lua files on the host (require via package.path, dofile, loadfile) and os.getenv; nothing more', async () => {
  const lib = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-unsafe-lib-'));
  writeFileSync(path.join(lib, 'hostmod.lua'), 'return { n = 41 }\n');
  writeFileSync(path.join(lib, 'data.lua'), 'return 7\n');
  process.env.FLOWCHECK_TEST_ENV = 'yes';
  const src = [
    `package.path = "${lib}/?.lua;" .. package.path`,
    'local m = require "hostmod"',
    `local d = dofile("${lib}/data.lua")`,
    `local f = loadfile("${lib}/data.lua")`,
    'local ok, err = pcall(os.execute, "id")',
    'local ok2, err2 = pcall(os.exit, 3)',
    'flow.triggerAlert(1, (m.n + 1) .. " " .. d .. " " .. f() .. " " .. os.getenv("FLOWCHECK_TEST_ENV") .. " " .. tostring(ok) .. " " .. tostring(ok2))',
    'flow.triggerAlert(2, err)',
  ].join('\n');
  const safe = await harness(src);
  safe.run(flowTo(1));
  assert.equal(safe.runner.errors.length, 1);
  assert.match(safe.runner.errors[0].message, /module 'hostmod' not found: no file .*hostmod\.lua beside the check/);
  safe.runner.close();
  const h = await harness(src, { unsafe: true });
  h.run(flowTo(1));
  assert.deepEqual(h.runner.errors, []);
  assert.equal(h.runner.alerts[0].message, '42 7 7 yes false false');
  assert.match(h.runner.alerts[1].message, /os\.execute is not available in flowcheck: checks cannot open files, run programs or end the process/);
  assert.equal(process.exitCode, undefined);
  delete process.env.FLOWCHECK_TEST_ENV;
  h.runner.close();
});

test('invalid options are rejected', async () => {
  await assert.rejects(harness('return 0', { budget: 0 }), RangeError);
  await assert.rejects(harness('return 0', { memoryMax: 10 }), RangeError);
});

test('triggerAlert rejects wrong argument types with a Lua error naming it', async () => {
  const calls = ['flow.triggerAlert()', 'flow.triggerAlert("high", "msg")', 'flow.triggerAlert(10)', 'flow.triggerAlert(10, {})', 'flow.triggerAlert(nil, "m")', 'flow.triggerAlert(0/0, "m")'];
  const h = await harness(calls.map((c, i) => `if flow.srv_port() == ${i} then ${c} end`).join('\n'));
  calls.forEach((_, i) => h.run(flowTo(i)));
  const msgs = h.runner.errors.map((e) => e.message);
  assert.equal(msgs.length, calls.length);
  assert.match(msgs[0], /:1: bad argument #1 to 'triggerAlert' \(number expected, got no value\)/);
  assert.match(msgs[1], /:2: bad argument #1 to 'triggerAlert' \(number expected, got string\)/);
  assert.match(msgs[2], /:3: bad argument #2 to 'triggerAlert' \(string expected, got no value\)/);
  assert.match(msgs[3], /:4: bad argument #2 to 'triggerAlert' \(string expected, got table\)/);
  assert.match(msgs[4], /bad argument #1 to 'triggerAlert' \(number expected, got nil\)/);
  assert.match(msgs[5], /bad argument #1 to 'triggerAlert' \(score is NaN\)/);
  for (const m of msgs.slice(0, 4)) assert.match(m, /usage: flow\.triggerAlert\(score: integer 0-255, message: string\)/);
  assert.deepEqual(h.runner.errors.map((e) => e.line), [1, 2, 3, 4, 5, 6]);
  assert.equal(h.runner.alerts.length, 0);
  h.runner.close();
});

test('a triggerAlert type error can be caught by pcall in the script', async () => {
  const h = await harness('local ok, err = pcall(flow.triggerAlert, "x", "y")\nflow.triggerAlert(5, tostring(ok) .. " " .. tostring(err):match("triggerAlert") )');
  h.run(flowTo(1));
  assert.deepEqual(h.runner.errors, []);
  assert.equal(h.runner.alerts[0].message, 'false triggerAlert');
  h.runner.close();
});

test('scores are clamped to 0-255 (said once on stderr) and set the severity', async () => {
  const h = await harness('flow.triggerAlert(300, "a")\nflow.triggerAlert(-5, "b")\nflow.triggerAlert(99.7, "c")\nflow.triggerAlert(10, 42)');
  const f = h.run(flowTo(1));
  assert.deepEqual(f.alerts.map((a) => [a.score, a.severity, a.message]), [
    [255, 'emergency', 'a'],
    [0, 'none', 'b'],
    [99, 'warning', 'c'],
    [10, 'notice', '42'],
  ]);
  assert.equal(f.score, 255);
  assert.equal(h.lines.filter((l) => /outside 0-255/.test(l)).length, 1);
  h.runner.close();
});

test('deep Lua and C recursion end in Lua errors, and the state goes on', async () => {
  const cases = [
    'local t = setmetatable({}, {__index = function(t, k) return t[k] end}); local x = t.a',
    'local function f() return 1 + f() end f()',
    'local mt = {} mt.__tostring = function(v) return tostring(v) end local x = tostring(setmetatable({}, mt))',
    'local function g(s) return (string.gsub(s, "x", g)) end g("x")',
    'local co; co = function() return coroutine.wrap(co)() end co()',
  ];
  // (nesting 200 coroutines alone takes ~0.1 s on a loaded machine)
  const h = await harness(cases.map((c, i) => `if flow.srv_port() == ${i + 1} then ${c} end`).join('\n') + '\nn = (n or 0) + 1\nflow.triggerAlert(1, "n" .. n)', { timeLimit: OUT_OF_REACH });
  h.run(flowTo(0));
  for (let i = 1; i <= cases.length; i++) h.run(flowTo(i));
  h.run(flowTo(0));
  assert.equal(h.runner.errors.length, cases.length);
  for (const e of h.runner.errors) assert.equal(e.kind, 'runtime');
  assert.match(h.runner.errors[0].message, /C stack overflow/);
  assert.match(h.runner.errors[1].message, /stack overflow/);
  // the same state throughout: globals kept
  assert.deepEqual(h.runner.alerts.map((a) => a.message), ['n1', 'n2']);
  h.runner.close();
});
