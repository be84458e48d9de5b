import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { iec60870 } from '../../lib/classify/protocols/iec60870.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// two APCI U-frames (STARTDT act, TESTFR act) in one packet; near miss: one byte too many
const GOOD = '680407000000680443000000';
const BAD = '68040700000068044300000000';

test('IEC60870: recognised on the first payload', () => {
  const r = feed(iec60870, makeFlow(6, 54768, 2404), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('IEC60870'));
});

test('IEC60870: a near miss is refused at once', () => {
  assert.equal(feed(iec60870, makeFlow(6, 54768, 2404), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('IEC60870: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(iec60870, [bytes(GOOD)], [54768, 2404]) > 0);
});
