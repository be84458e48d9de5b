import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ubntac2 } from '../../lib/classify/protocols/ubntac2.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// ubntac2.pcap: a discovery reply carrying "ubnt" at offset 49
const REPLY = '020600ab02000a802aa88d692bc0a8021502000a802aa88d692cc0a80101010006802aa88d692b0a00040000de600b000475626e740c000455475733030038556e6946695365637572697479476174657761792e45522d653132302e76342e332e33332e343933363038362e3136313230332e3230333116000e342e332e33332e34393336303836150004554757331700010018000100130006802aa88d692b120004000015cf1b0005342e302e30';

test('a discovery datagram on port 10001', () => {
  const r = feed(ubntac2, makeFlow(17, 34085, 10001), [{ dir: 0, hex: REPLY }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('UBNTAC2'));
});

test('large datagrams without the marker wait; small ones or other ports are refused', () => {
  assert.equal(feed(ubntac2, makeFlow(17, 34085, 10001), [{ dir: 0, hex: '00'.repeat(140) }]).verdict, Verdict.More);
  assert.equal(feed(ubntac2, makeFlow(17, 34085, 10001), [{ dir: 0, hex: REPLY.slice(0, 200) }]).verdict, Verdict.No);
  assert.equal(feed(ubntac2, makeFlow(17, 34085, 10002), [{ dir: 0, hex: REPLY }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(ubntac2, [bytes(REPLY)], [34085, 10001]) > 0);
});
