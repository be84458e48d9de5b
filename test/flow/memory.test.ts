/**
 * The memory budget through the library (lib/flow/memory.ts, `limits.maxMemory` in bytes):
 * flows the result keeps count against it, so a run that keeps every flow stops with what
 * it has (result.memoryStop) instead of running out of heap; streamed, flows end early.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { httpFloodPcap } from '../../scripts/gen-http-flood.js';

function floodFile(flows: number, url: number): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'flowcheck-memlib-')), 'flood.pcap');
  writeFileSync(file, httpFloodPcap(flows, url, 2));
  return file;
}

test('library: a run that keeps every flow stops at the budget with the flows before it', async () => {
  const file = floodFile(5000, 3000);
  const r = await analyze({ inputs: [file], limits: { maxMemory: 16 * 2 ** 20 } });
  assert.ok(r.memoryStop !== undefined && r.memoryStop.startsWith('memory budget exhausted (--max-memory 16 MiB)'), r.memoryStop);
  assert.ok(r.flows.length > 500 && r.flows.length < 5000, `${r.flows.length} flows`);
  assert.equal(r.flows.length, r.stats.packets);
  assert.ok(r.warnings.includes(r.memoryStop!));
});

test('library: streamed (keepFlows off), the same input ends flows early and reads everything', async () => {
  const file = floodFile(5000, 3000);
  let memoryEnded = 0;
  let seen = 0;
  const r = await analyze({
    inputs: [file],
    keepFlows: false,
    keepAlerts: false,
    limits: { maxMemory: 16 * 2 ** 20 },
    onFlow(f) {
      seen++;
      if (f.endReason === 'memory') memoryEnded++;
      assert.ok(f.meta.http?.url !== undefined && f.meta.http.url.length <= 4096);
    },
  });
  assert.equal(r.memoryStop, undefined);
  assert.equal(seen, 5000);
  assert.ok(memoryEnded > 1000, `${memoryEnded} ended for memory`);
  assert.equal(r.limits.memory, memoryEnded);
  // without the budget: none ended early, same flows
  const all = await analyze({ inputs: [file], keepFlows: false, keepAlerts: false });
  assert.equal(all.limits.memory, undefined);
  assert.equal(all.flowsSeen, 5000);
});
