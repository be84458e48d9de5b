import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { dingtalk } from '../../lib/classify/protocols/dingtalk.js';

/** dingtalk.pcap: the client's first packet to port 443 (10 …, 87 80 01 00 01 00 02 00 02 64 6B 03 00 20). */
const HELLO: readonly CorpusPkt[] = [
  { frame: 4, from: '10.215.173.1:48910', to: '47.246.133.39:443', hex: '1064878001000100020002646b030020166ddd355a39ce327bb284e53ac45af7eb6c7d1d93a8f8a3754cfc18233b8a3d0400089a906e16d1fcf4a3050008379d238341445524820002574b84001a616e64726f69642f332e302e32382d64696e6774616c6b2e6770' },
];

test('DingTalk: the fixed header of the first packet', () => {
  const r = drive(dingtalk, 6, HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('DingTalk'));
});

test('DingTalk: another header byte, or a short packet, is not DingTalk', () => {
  const h = HELLO[0].hex;
  assert.equal(drive(dingtalk, 6, [{ ...HELLO[0], hex: h.slice(0, 20) + '03' + h.slice(22) }]).verdict, Verdict.No);
  assert.equal(drive(dingtalk, 6, [{ ...HELLO[0], hex: h.slice(0, 180) }]).verdict, Verdict.No);
});

test('DingTalk: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(dingtalk, 6, HELLO) > 0);
});
