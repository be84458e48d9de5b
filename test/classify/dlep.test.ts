import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { dlep } from '../../lib/classify/protocols/dlep.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// a DLEP Session Initialization (type 1) whose length covers the rest; near miss: wrong length
const GOOD = '000100080001000200000064';
const BAD = '000100090001000200000064';

test('DLEP: recognised on the first payload', () => {
  const r = feed(dlep, makeFlow(6, 50000, 854), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('DLEP'));
});

test('DLEP: a near miss is refused at once', () => {
  assert.equal(feed(dlep, makeFlow(6, 50000, 854), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('DLEP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(dlep, [bytes(GOOD)], [50000, 854]) > 0);
});
