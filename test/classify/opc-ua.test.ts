import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { opcUa } from '../../lib/classify/protocols/opc-ua.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// an OPC UA Hello chunk (HEL, final); near miss: chunk type X
const GOOD = '48454c463800000000000000000000000000010000800000008000400000';
const BAD = '48454c583800000000000000000000000000010000800000008000400000';

test('OPC-UA: recognised on the first payload', () => {
  const r = feed(opcUa, makeFlow(6, 50000, 4840), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('OPC-UA'));
});

test('OPC-UA: a near miss is refused at once', () => {
  assert.equal(feed(opcUa, makeFlow(6, 50000, 4840), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('OPC-UA: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(opcUa, [bytes(GOOD)], [50000, 4840]) > 0);
});
