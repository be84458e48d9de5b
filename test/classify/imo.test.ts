import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { imo } from '../../lib/classify/protocols/imo.js';

/** imo.pcap: two one-byte datagrams, a data datagram, then the 10-byte 09 02 keep-alive. */
const CALL: readonly CorpusPkt[] = [
  { frame: 19, from: '192.168.12.169:49207', to: '93.33.47.58:57604', hex: '07' },
  { frame: 24, from: '93.33.47.58:57604', to: '192.168.12.169:49207', hex: '76' },
  { frame: 27, from: '93.33.47.58:57604', to: '192.168.12.169:49207', hex: '6a0d00009a1b39d661aa1b2a0f7b7f66c2d9ce79ba3fe5688d2e189b6f3a6e403829a7c65e0de22c5ff08c1f21afa58bb91ecc4f995b9795069ec3d9a6dc1cbcf28a6c998ec98e1338f0bd900a3a2fa9030d8138892c85c0f97259f76d48085ec8bdab46b73f7004e1ed0b' },
  { frame: 28, from: '192.168.12.169:49207', to: '93.33.47.58:57604', hex: '0902dc9a020000000000' },
];

test('IMO: the 10-byte 09 02 datagram after a broken one-byte pair', () => {
  const r = drive(imo, 17, CALL);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 4);
  assert.equal(r.flow.l7App, protocolId('IMO'));
});

test('IMO: two consecutive one-byte datagrams with the same byte', () => {
  const one = { ...CALL[0], hex: '07' };
  assert.equal(drive(imo, 17, [one, one]).verdict, Verdict.Yes);
  const other = { ...CALL[2], hex: '6a'.repeat(30) };
  const r = drive(imo, 17, Array.from({ length: 12 }, () => other));
  assert.equal(r.verdict, Verdict.No);
  assert.equal(r.calls, 11);
});

test('IMO: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(imo, 17, CALL) > 0);
});
