import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ethernetIp } from '../../lib/classify/protocols/ethernet-ip.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// ethernetIP.pcap: a SendUnitData reply; near miss: length one too long
const GOOD = '7000300000050213000000000000000000000000000000000000000000000200a10004009dc60080b1001c0033358a000000020006000e00cc00000001000000cc00000005000000';
const BAD = '7000310000050213000000000000000000000000000000000000000000000200a10004009dc60080b1001c0033358a000000020006000e00cc00000001000000cc00000005000000';

test('EthernetIP: recognised on the first payload', () => {
  const r = feed(ethernetIp, makeFlow(6, 52593, 44818), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('EthernetIP'));
});

test('EthernetIP: a near miss is refused at once', () => {
  assert.equal(feed(ethernetIp, makeFlow(6, 52593, 44818), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('EthernetIP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(ethernetIp, [bytes(GOOD)], [52593, 44818]) > 0);
});
