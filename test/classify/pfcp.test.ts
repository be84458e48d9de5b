import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { pfcp } from '../../lib/classify/protocols/pfcp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// pfcp.pcapng: a PFCP message with its length; near miss: length one too long
const GOOD = '2137001400000000ffffffff000000000068000400000012';
const BAD = '2137001500000000ffffffff000000000068000400000012';

test('PFCP: recognised on the first payload', () => {
  const r = feed(pfcp, makeFlow(17, 8805, 8805), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('PFCP'));
});

test('PFCP: a near miss is refused at once', () => {
  assert.equal(feed(pfcp, makeFlow(17, 8805, 8805), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('PFCP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(pfcp, [bytes(GOOD)], [8805, 8805]) > 0);
});
