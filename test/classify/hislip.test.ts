import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { hislip } from '../../lib/classify/protocols/hislip.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// a HiSLIP Initialize with a 5-byte payload; near miss: length 6
const GOOD = '48530001000000000000000000000005414243440a';
const BAD = '48530001000000000000000000000006414243440a';

test('HiSLIP: recognised on the first payload', () => {
  const r = feed(hislip, makeFlow(6, 50000, 4880), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('HiSLIP'));
});

test('HiSLIP: a near miss is refused at once', () => {
  assert.equal(feed(hislip, makeFlow(6, 50000, 4880), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('HiSLIP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(hislip, [bytes(GOOD)], [50000, 4880]) > 0);
});
