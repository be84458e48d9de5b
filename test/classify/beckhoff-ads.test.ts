import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { beckhoffAds } from '../../lib/classify/protocols/beckhoff-ads.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// beckhoff_ads.pcapng: an ADS Read State request; near miss: state flags 6
const GOOD = '000020000000050d756001011027c0a801630101038004000400000000000000000005000000';
const BAD = '000020000000050d756001011027c0a801630101038004000600000000000000000005000000';

test('BeckhoffADS: recognised on the first payload', () => {
  const r = feed(beckhoffAds, makeFlow(6, 49201, 48898), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('BeckhoffADS'));
});

test('BeckhoffADS: a near miss is refused at once', () => {
  assert.equal(feed(beckhoffAds, makeFlow(6, 49201, 48898), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('BeckhoffADS: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(beckhoffAds, [bytes(GOOD)], [49201, 48898]) > 0);
});
