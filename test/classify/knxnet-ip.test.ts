import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { knxnetIp } from '../../lib/classify/protocols/knxnet-ip.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// a KNXnet/IP SEARCH_REQUEST with its HPAI; near miss: service family 6
const GOOD = '06100201000e0801c0a80101e1b9';
const BAD = '06100601000e0801c0a80101e1b9';

test('KNXnet_IP: recognised on the first payload', () => {
  const r = feed(knxnetIp, makeFlow(17, 3671, 3671), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('KNXnet_IP'));
});

test('KNXnet_IP: a near miss is refused at once', () => {
  assert.equal(feed(knxnetIp, makeFlow(17, 3671, 3671), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('KNXnet_IP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(knxnetIp, [bytes(GOOD)], [3671, 3671]) > 0);
});
