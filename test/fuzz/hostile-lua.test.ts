/**
 * Hostile check scripts: each may cost the flows it runs on (a check error per flow:
 * runtime, budget or memory), never the run, never a hang. Each runs in a child process
 * with a deadline, so a script that escapes the instruction budget fails its test instead
 * of hanging `npm test`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SAMPLES_DIR } from '../helpers/corpus.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-hostile-lua-'));
const CAPTURE = path.join(SAMPLES_DIR, 'mixed.pcap');
const ANALYZE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lib/analyze.js');
const DEADLINE_MS = 60_000;

/** Runs analyze() with one check in a child process; null when it did not finish in time. */
function runCheck(file: string | null): { flows: number; packets: number; errors: { kind: string; len: number }[]; alerts: number } | null {
  const code = `
    const { analyze } = await import(${JSON.stringify(ANALYZE)});
    const file = ${JSON.stringify(file)};
    const r = await analyze({
      inputs: [${JSON.stringify(CAPTURE)}],
      checks: file ? [{ file, hook: 'end' }] : [],
      checkOptions: { stderr: () => {} },
      limits: { luaInstructions: 200000, luaMemoryBytes: 8 * 1024 * 1024 },
    });
    process.stdout.write(JSON.stringify({ flows: r.flows.length, packets: r.stats.packets, alerts: r.alerts.length,
      errors: r.checkErrors.map((e) => ({ kind: e.kind, len: e.message.length })) }));`;
  const p = spawnSync(process.execPath, ['--input-type=module', '-e', code], { timeout: DEADLINE_MS, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (p.status !== 0) {
    if (p.signal) return null;
    throw new Error(`child failed: ${p.stderr.split('\n').slice(0, 4).join(' | ')}`);
  }
  return JSON.parse(p.stdout);
}

const plain = runCheck(null)!;

const SCRIPTS: [name: string, source: string, todo?: string][] = [
  ['busy loop', 'while true do end'],
  ['loop inside pcall', 'while true do pcall(function() while true do end end) end'],
  ['coroutine loop', 'local co = coroutine.wrap(function() while true do coroutine.yield() end end)\nwhile true do co() end'],
  ['deep recursion', 'local function f(n) return f(n + 1) + 1 end\nf(1)'],
  ['string bomb', 'local s = "x"\nfor i = 1, 40 do s = s .. s end'],
  ['table bomb', 'local t = {}\nfor i = 1, 1e9 do t[i] = {i} end'],
  ['string.rep huge', 'local s = string.rep("ab", 2^40)'],
  ['error with a table', 'error({ code = 1 })'],
  ['error with nil', 'error()'],
  ['gsub callback error', 'string.gsub(string.rep("a", 1000), "a", function() error("x") end)'],
  ['pattern backtracking', 'string.find(string.rep("a", 5000), string.rep("a?", 5000) .. string.rep("a", 5000))'],
  ['bad alert arguments', 'flow.triggerAlert("x", {})\nflow.triggerAlert(nil)\nflow.triggerAlert(1e308, 1)'],
  ['binary chunk', 'assert(load(string.dump(function() end)))()'],
  ['globals clobbered', 'flow = nil; string = nil; _G = nil'],
  ['error with a huge message', 'error(string.rep("e", 1e6))'],
  ['finalizer loop', 'setmetatable({}, { __gc = function() while true do end end })\ncollectgarbage()'],
  ['finalizer set to true first', 'local mt = { __gc = true }\nsetmetatable({}, mt)\nmt.__gc = function() while true do end end\ncollectgarbage()'],
];

for (const [name, source, todo] of SCRIPTS) {
  test(`hostile check: ${name}`, todo ? { todo } : {}, () => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.lua`);
    writeFileSync(file, source + '\nreturn(0)\n');
    const r = runCheck(file);
    assert.ok(r !== null, `no result within ${DEADLINE_MS} ms`);
    // every flow is still there, with the same counters
    assert.equal(r.flows, plain.flows);
    assert.equal(r.packets, plain.packets);
    for (const e of r.errors) {
      assert.ok(['runtime', 'budget', 'memory', 'time'].includes(e.kind), e.kind);
      assert.ok(e.len <= 10_000, `error message of ${e.len} chars`);
    }
  });
}
