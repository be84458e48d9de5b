import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ripeAtlas } from '../../lib/classify/protocols/ripe-atlas.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// ripe_atlas.pcap: "MGLNDD_11.111.11.111_1114"
const PROBE = '4d474c4e44445f31312e3131312e31312e3131315f31313134';

test('a 25-byte MGLNDD datagram', () => {
  const r = feed(ripeAtlas, makeFlow(17, 56857, 29195), [{ dir: 0, hex: PROBE }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RipeAtlas'));
});

test('another length or prefix: refused', () => {
  assert.equal(feed(ripeAtlas, makeFlow(17, 1, 2), [{ dir: 0, hex: PROBE + '00' }]).verdict, Verdict.No);
  assert.equal(feed(ripeAtlas, makeFlow(17, 1, 2), [{ dir: 0, hex: '4e' + PROBE.slice(2) }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(ripeAtlas, [bytes(PROBE)]) > 0);
});
