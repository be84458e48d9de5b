import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLuaRuntime, LUA_OK } from '../../lib/check/lua-engine.js';
import { CheckRunner, MAX_ALERTS_PER_RUN } from '../../lib/check/runner.js';
import { checkFile, harness, makeFlow } from './helpers.js';

const flowTo = (port: number) => makeFlow('10.0.0.1', 40000, '8.8.8.8', port, 17);

test('globals persist across flows of one check', async () => {
  const h = await harness('count = (count or 0) + 1\nseen = seen or {}\nseen[#seen + 1] = flow.srv_port()\nflow.triggerAlert(1, count .. ":" .. table.concat(seen, ","))');
  h.run(flowTo(1));
  h.run(flowTo(2));
  h.run(flowTo(3));
  assert.deepEqual(h.runner.alerts.map((a) => a.message), ['1:1', '2:1,2', '3:1,2,3']);
  h.runner.close();
});

test('two checks have separate states and each alert names its check', async () => {
  const a = checkFile('count = (count or 0) + 1\nflow.triggerAlert(10, "a" .. count)', 'first.lua');
  const b = checkFile('count = (count or 100) + 10\nstring.upper = nil\nflow.triggerAlert(20, "b" .. count)', 'second.lua');
  const h = await harness([a, b]);
  const f1 = h.run(flowTo(1));
  const f2 = h.run(flowTo(2));
  assert.deepEqual(f1.alerts.map((x) => [x.check, x.message, x.flowId]), [['first.lua', 'a1', f1.id], ['second.lua', 'b110', f1.id]]);
  assert.deepEqual(f2.alerts.map((x) => [x.check, x.message]), [['first.lua', 'a2'], ['second.lua', 'b120']]);
  assert.equal(f2.score, 20);
  assert.equal(h.runner.alerts.length, 4);
  h.runner.close();
});

test('hooks: each check runs only on its own hook', async () => {
  const d = checkFile('flow.triggerAlert(1, "detected")');
  const e = checkFile('flow.triggerAlert(2, "end")');
  const r = await CheckRunner.create([{ file: d, hook: 'detected' }, { file: e, hook: 'end' }], { stderr: () => {} });
  assert.equal(r.hasHook('detected'), true);
  assert.equal(r.hasHook('end'), true);
  assert.equal(r.hasHook('periodic'), false);
  const f = flowTo(1);
  r.run(f, 'end', 1700000000, 5);
  r.run(f, 'periodic', 1700000000, 5);
  assert.deepEqual(f.alerts.map((a) => [a.message, a.tsSec, a.tsNsec]), [['end', 1700000000, 5]]);
  r.close();
});

test('a check returning nothing, or several values, works', async () => {
  const h = await harness(['flow.triggerAlert(1, "no return")', 'flow.triggerAlert(1, "values")\nreturn 1, "two", {}']);
  h.run(flowTo(1));
  h.run(flowTo(2));
  assert.equal(h.runner.alerts.length, 4);
  assert.deepEqual(h.runner.errors, []);
  h.runner.close();
});

test('print and io.write go to stderr, prefixed with the check name', async () => {
  const file = checkFile('print("hello", 1, 2.5, nil, true)\nio.write("part ", 1, " ")\nio.write("done\\nnext")', 'talk.lua');
  const h = await harness(file);
  h.run(flowTo(1));
  assert.deepEqual(h.lines, ['[talk.lua] hello\t1\t2.5\tnil\ttrue', '[talk.lua] part 1 done', '[talk.lua] next']);
  h.runner.close();
});

test('tprint dumps nested tables with sorted keys', async () => {
  const h = await harness('tprint({ b = 2, a = { y = "x", [1] = true }, [3] = "n" })');
  h.run(flowTo(1));
  assert.deepEqual(h.lines.map((l) => l.replace(/^\[[^\]]+\] /, '')), ['[3]: n', 'a:', '  [1]: true', '  y: x', 'b: 2']);
  h.runner.close();
});

test('an ntopng-style script runs unchanged (ntop.getDirs, package.path, require "lua_utils", tprint, io.write, flow.tls)', async () => {
  const h = await harness(
    [
      'function dump_flow()',
      '  local dirs = ntop.getDirs()',
      '  package.path = dirs.installdir .. "/scripts/lua/modules/?.lua;" .. package.path',
      '  require "lua_utils"',
      '  local rsp = {}',
      '  rsp.cli = flow.cli()',
      '  rsp.srv_port = flow.srv_port()',
      '  rsp.tls = flow.tls()',
      '  rsp.dns = flow.dns()',
      '  io.write("----------------------------\\n")',
      '  tprint(rsp)',
      'end',
      'function flow_key()',
      '  return "[ ".. flow.protocol() .. " ]" .. flow.cli() .. ":" .. flow.cli_port() .. " <-> ".. flow.srv() .. ":" .. flow.srv_port()',
      'end',
      'dump_flow()',
      'flow.triggerAlert(102, flow_key())',
      'return(0)',
    ].join('\n'),
  );
  const f = flowTo(53);
  f.meta.dns = { query: 'x.org' };
  h.run(f);
  assert.deepEqual(h.runner.errors, []);
  assert.equal(f.alerts[0].message, '[ 17 ]10.0.0.1:40000 <-> 8.8.8.8:53');
  assert.equal(f.alerts[0].severity, 'error');
  const text = h.lines.map((l) => l.replace(/^\[[^\]]+\] /, ''));
  assert.equal(text[0], '----------------------------');
  assert.ok(text.includes('cli: 10.0.0.1'));
  assert.ok(text.includes('  protos.dns.last_query: x.org'));
  h.runner.close();
});

test('200k flows: exact alerts, no stack growth, no heap corruption', async () => {
  const rt = await loadLuaRuntime();
  const sp = rt.stackSave();
  const h = await harness(checkFile('if(flow.srv_port() == 53) then\n  flow.triggerAlert(100, "dummy alert message")\nend\nreturn(0)\n'));
  const f = makeFlow('10.0.0.1', 1234, '8.8.8.8', 53, 17);
  let want = 0;
  for (let i = 0; i < 200_000; i++) {
    f.srvPort = i % 3 === 0 ? 53 : 80 + (i % 7);
    if (f.srvPort === 53) want++;
    h.run(f);
    if (i % 50_000 === 0) f.alerts.length = 0;
  }
  assert.equal(h.runner.alerts.length, want);
  assert.deepEqual(h.runner.errors, []);
  assert.equal(rt.stackSave(), sp);
  // the heap still works: a fresh state compiles and runs
  const st = rt.newState(1 << 24);
  assert.equal(st.load('return 6 * 7', '=t'), LUA_OK);
  assert.equal(st.pcall(0, 1), LUA_OK);
  assert.equal(rt.toNumber(st.L, -1), 42);
  assert.equal(rt.x.lua_gettop(st.L), 1);
  st.close();
  h.runner.close();
});

test('repeated budget aborts leave the C stack and the heap intact', async () => {
  const rt = await loadLuaRuntime();
  const sp = rt.stackSave();
  const h = await harness('if flow.srv_port() == 1 then while true do pcall(function() while true do end end) end end\nflow.triggerAlert(1, string.rep("k", 3))', {
    budget: 5_000,
  });
  for (let i = 0; i < 500; i++) h.run(flowTo(i % 2));
  assert.equal(h.runner.errors.length, 250);
  assert.ok(h.runner.errors.every((e) => e.kind === 'budget'));
  assert.equal(h.runner.alerts.length, 250);
  assert.ok(h.runner.alerts.every((a) => a.message === 'kkk'));
  assert.equal(rt.stackSave(), sp);
  h.runner.close();
});

test('stderr shows the first errors of a check, then only counts them', async () => {
  const h = await harness('error("nope")');
  for (let i = 0; i < 30; i++) h.run(flowTo(i));
  assert.equal(h.runner.errorCount, 30);
  assert.equal(h.lines.filter((l) => l.includes('nope')).length, 10);
  assert.equal(h.lines.filter((l) => l.includes('further errors')).length, 1);
  h.runner.close();
});

test('adapter: integers, floats and UTF-8 strings cross the boundary intact', async () => {
  const rt = await loadLuaRuntime();
  const st = rt.newState(1 << 24);
  const L = st.L;
  rt.pushInteger(L, 53);
  rt.pushInteger(L, 2 ** 40);
  rt.pushString(L, 'héllo ✓');
  rt.pushString(L, 'x'.repeat(10_000));
  assert.equal(rt.x.lua_isinteger(L, 1), 1);
  assert.equal(rt.x.lua_isinteger(L, 2), 1);
  assert.equal(rt.toNumber(L, 2), 2 ** 40);
  assert.equal(rt.toString(L, 1), '53');
  assert.equal(rt.toString(L, 3), 'héllo ✓');
  assert.equal(rt.toString(L, 4)!.length, 10_000);
  st.setTop(0);
  assert.equal(st.load('return #...', '=len'), LUA_OK);
  rt.pushString(L, 'héllo');
  assert.equal(st.pcall(1, 1), LUA_OK);
  assert.equal(rt.toNumber(L, -1), 6); // bytes, as Lua counts them
  st.close();
});

test('alerts per flow and run are capped: the rest are counted, not kept', async () => {
  // 10,000 calls into JS: no time limit in reach on a loaded machine
  const h = await harness('for i = 1, 5000 do flow.triggerAlert(10, "spam " .. i) end', { timeLimit: 3_600_000 });
  const a = h.run(makeFlow('10.0.0.1', 1000, '10.0.0.2', 80));
  const b = h.run(makeFlow('10.0.0.1', 1001, '10.0.0.2', 80));
  assert.equal(a.alerts.length, MAX_ALERTS_PER_RUN);
  assert.equal(b.alerts.length, MAX_ALERTS_PER_RUN);
  assert.equal(a.alerts.at(-1)?.message, `spam ${MAX_ALERTS_PER_RUN}`);
  assert.equal(h.runner.alerts.length, 2 * MAX_ALERTS_PER_RUN);
  assert.equal(h.runner.droppedAlerts, 2 * (5000 - MAX_ALERTS_PER_RUN));
  assert.equal(h.lines.filter((l) => l.includes('counted, not kept')).length, 1);
  h.runner.close();
});

test('errors are counted by kind beyond the recorded ones', async () => {
  const h = await harness('while true do end', { budget: 1000 });
  for (let i = 0; i < 1005; i++) h.run(makeFlow('10.0.0.1', 1000 + i, '10.0.0.2', 80));
  assert.equal(h.runner.errors.length, 1000);
  assert.equal(h.runner.errorCount, 1005);
  assert.deepEqual(h.runner.errorsByKind, { runtime: 0, budget: 1005, memory: 0, time: 0 });
  h.runner.close();
});
