import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../lib/analyze.js';
import { countDissectorCalls } from '../../scripts/dissector-calls.js';

// scripts/dissector-calls.ts counts the calls a run makes, per dissector and answer, without
// changing what the run finds.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MIXED = path.join(ROOT, 'samples/mixed.pcap');

test('dissector-calls: counts every call by its answer, on the flows a plain run finds', async () => {
  const { flows, calls } = await countDissectorCalls([MIXED]);
  const plain = await analyze({ inputs: [MIXED], keepFlows: false });
  assert.equal(flows, plain.summary.flows);
  for (const c of calls) assert.equal(c.answers.reduce((a, b) => a + b, 0), c.calls, c.name);
  const byName = new Map(calls.map((c) => [c.name, c]));
  // mixed.pcap holds DNS and HTTP flows, each named by its own dissector
  assert.ok(byName.get('DNS')!.answers[2] + byName.get('DNS')!.answers[3] > 0);
  assert.ok(byName.get('HTTP')!.answers[2] + byName.get('HTTP')!.answers[3] > 0);
  const total = calls.reduce((a, c) => a + c.calls, 0);
  assert.ok(total > 0 && total < flows * calls.length, `${total} calls for ${flows} flows`);
});
