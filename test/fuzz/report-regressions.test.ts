/**
 * Regression tests for report-stage bugs the fuzzer found. The reader keeps pcapng times
 * exactly, including a negative if_tsoffset (test/capture/pcapng.test.ts), so the report
 * must write times before 1970 (and huge ones) as valid, exact JSON numbers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Flow } from '../../lib/flow/flow.js';
import { flowJson, stringifyReport } from '../../lib/report/json.js';

function times(sec: number, nsec: number): unknown {
  const f = new Flow(1);
  f.firstSec = f.lastSec = sec;
  f.firstNsec = f.lastNsec = nsec;
  const doc = JSON.parse(stringifyReport(flowJson(f))) as { first_seen: unknown };
  return doc.first_seen;
}

test('a time before 1970 (negative if_tsoffset) is a JSON number with its exact value', () => {
  // (sec -995, nsec 7) is -994.999999993 s
  assert.equal(times(-995, 7), -994.999999993);
  assert.equal(times(-1, 0), -1);
});

test('a time beyond 1e21 s (huge if_tsoffset) is still a JSON number', () => {
  assert.equal(typeof times(1e21, 5), 'number');
});
