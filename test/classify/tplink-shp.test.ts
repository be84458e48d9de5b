import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { tplinkShp } from '../../lib/classify/protocols/tplink-shp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// tplink_shp.pcap: an obfuscated {"system":… query; near miss: first byte changed
const GOOD = 'd0f281f88bff9af7d5ef94b6d1b4c09fec95e68fe187e8caf08bf68bf6';
const BAD = 'd1f281f88bff9af7d5ef94b6d1b4c09fec95e68fe187e8caf08bf68bf6';

test('TPLINK_SHP: recognised on the first payload', () => {
  const r = feed(tplinkShp, makeFlow(17, 9999, 9999), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TPLINK_SHP'));
});

test('TPLINK_SHP: a near miss is refused at once', () => {
  assert.equal(feed(tplinkShp, makeFlow(17, 9999, 9999), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('TPLINK_SHP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(tplinkShp, [bytes(GOOD)], [9999, 9999]) > 0);
});
