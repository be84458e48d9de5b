import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { rtps } from '../../lib/classify/protocols/rtps.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// rtps.pcap: "RTPS" 2.1, vendor 01.01, then a submessage
const PING = '52545053020101014e44445350494e47';

test('RTPS 2.x header', () => {
  const r = feed(rtps, makeFlow(17, 28108, 7410), [{ dir: 0, hex: PING }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RTPS'));
  assert.equal(r.flow.meta.other?.['rtps.version'], '2.1');
});

test('version 1 or 2.6, another magic, or fewer than 16 bytes: refused', () => {
  for (const hex of ['52545053010101014e44445350494e47', '52545053020601014e44445350494e47', '52545051020101014e44445350494e47', PING.slice(0, 30)])
    assert.equal(feed(rtps, makeFlow(17, 28108, 7410), [{ dir: 0, hex }]).verdict, Verdict.No, hex);
});

test('robustness', () => {
  assert.ok(robustness(rtps, [bytes(PING)]) > 0);
});
