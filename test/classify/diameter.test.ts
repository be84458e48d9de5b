import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { diameter } from '../../lib/classify/protocols/diameter.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// a Diameter Capabilities-Exchange-Request header (request flag, code 257); near miss: code 259
const GOOD = '010000148000010100000000000000010000000100000001';
const BAD = '010000148000010300000000000000010000000100000001';

test('Diameter: recognised on the first payload', () => {
  const r = feed(diameter, makeFlow(6, 50000, 3868), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Diameter'));
});

test('Diameter: a near miss is refused at once', () => {
  assert.equal(feed(diameter, makeFlow(6, 50000, 3868), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('Diameter: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(diameter, [bytes(GOOD)], [50000, 3868]) > 0);
});
