import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { cpha } from '../../lib/classify/protocols/cpha.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// cpha.pcap: a cluster member's announcement from 0.0.0.0
const MSG = '1a900c31278500010016793e0001fffee04a0100000200010000080a00020003000400000204090000000900000000000200';

test('magic 0x1A90 from 0.0.0.0 on port 8116', () => {
  const r = feed(cpha, makeFlow(17, 8116, 8116, '0.0.0.0', '172.21.3.0'), [{ dir: 0, hex: MSG }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('CPHA'));
});

test('another source address or magic: refused', () => {
  assert.equal(feed(cpha, makeFlow(17, 8116, 8116, '10.0.0.1', '172.21.3.0'), [{ dir: 0, hex: MSG }]).verdict, Verdict.No);
  assert.equal(feed(cpha, makeFlow(17, 8116, 8116, '0.0.0.0', '172.21.3.0'), [{ dir: 0, hex: '1a91' + MSG.slice(4) }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(cpha, [bytes(MSG)], [8116, 8116]) > 0);
});
