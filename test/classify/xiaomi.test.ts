import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { xiaomi } from '../../lib/classify/protocols/xiaomi.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dhcp-stun-harness.js';

/** xiaomi.pcap: a client's first packet to port 5222 (header C2 FE 00 05 … 00 02 00 16, then TLVs). */
const HELLO: readonly CorpusPkt[] = [
  { frame: 13, from: '192.168.93.59:51488', to: '97.39.119.172:5222', hex: 'c2fe00050000009e000200160000008008001a0a7869616f6d692e636f6d2a04434f4e4e4800086a12094d323130314b3742471a125631322e352e31352e302e524b4c4d49584d222a612d41433934314432414441443846454334424638363331344343384335313643423736463639353241282e320f6d6f62696c652d6c74652d746169663a1134372e3234312e35392e38373a35323232420561725f45474a021800501e7d022707' },
];

test('Xiaomi: the framed header, with the server host and device from the TLVs', () => {
  const r = drive(xiaomi, 6, HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Xiaomi'));
  assert.equal(r.flow.host, '47.241.59.87');
  assert.equal(r.flow.meta.other?.['xiaomi.user_agent'], 'M2101K7BG');
});

test('Xiaomi: a wrong length or magic is not Xiaomi', () => {
  assert.equal(drive(xiaomi, 6, [{ ...HELLO[0], hex: HELLO[0].hex.slice(0, -2) }]).verdict, Verdict.No);
  assert.equal(drive(xiaomi, 6, [{ ...HELLO[0], hex: 'c3' + HELLO[0].hex.slice(2) }]).verdict, Verdict.No);
});

test('Xiaomi: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(xiaomi, 6, HELLO) > 0);
});
