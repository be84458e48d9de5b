import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { openflow } from '../../lib/classify/protocols/openflow.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// openflow.pcap: an OpenFlow 1.5 HELLO with a version bitmap; near miss: version 5
const GOOD = '06000010000000010001000800000040';
const BAD = '05000010000000010001000800000040';

test('OpenFlow: recognised on the first payload', () => {
  const r = feed(openflow, makeFlow(6, 49234, 6653), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('OpenFlow'));
});

test('OpenFlow: a near miss is refused at once', () => {
  assert.equal(feed(openflow, makeFlow(6, 49234, 6653), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('OpenFlow: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(openflow, [bytes(GOOD)], [49234, 6653]) > 0);
});
