/**
 * Regression tests for report-stage bugs the fuzzer found. The reader keeps pcapng times
 * exactly, including a negative if_tsoffset (test/capture/pcapng.test.ts), so the report
 * must write times before 1970 (and huge ones) as valid, exact JSON numbers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Flow } from '../../lib/flow/flow.js';
import { flowJson, stringifyReport } from '../../lib/report/json.js';

function doc(sec: number, nsec: number): { first_seen: unknown; first_seen_iso: unknown } {
  const f = new Flow(1);
  f.firstSec = f.lastSec = sec;
  f.firstNsec = f.lastNsec = nsec;
  return JSON.parse(stringifyReport(flowJson(f))) as { first_seen: unknown; first_seen_iso: unknown };
}

function times(sec: number, nsec: number): unknown {
  return doc(sec, nsec).first_seen;
}

test('a time before 1970 (negative if_tsoffset) is a JSON number to the microsecond, and exact in its RFC 3339 text', () => {
  // (sec -995, nsec 7) is -994.999999993 s: the number keeps whole microseconds (-995 s + 0 µs),
  // the text every digit
  assert.equal(times(-995, 7), -995);
  assert.equal(doc(-995, 7).first_seen_iso, '1969-12-31T23:43:25.000000007Z');
  assert.equal(times(-995, 7_000), -994.999993);
  assert.equal(times(-1, 0), -1);
  assert.equal(doc(-1, 0).first_seen_iso, '1969-12-31T23:59:59Z');
});

test('a time beyond 1e21 s (huge if_tsoffset) is still a JSON number', () => {
  assert.equal(typeof times(1e21, 5), 'number');
});
