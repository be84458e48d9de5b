import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { iqiyi } from '../../lib/classify/protocols/iqiyi.js';

/** iqiyi.pcap: a datagram to port 16600 that names "PPStream". */
const PPS: readonly CorpusPkt[] = [
  { frame: 1, from: '10.215.173.1:50412', to: '116.211.199.199:16600', hex: '1c4087004474717aa4f82bb73007f46b020000000000001497dd4e606c726562b35e12690ee3e1c9000000000000a0218204010008000c28010200000000000000000000000a000100180005080000ffff000000000000000000000000000000505053747265616d0000401db4f5427a0900010cc08ac447e9409fb54e0f734628f5e26164f8d3' },
];

test('iQIYI: a 121-299 byte datagram naming PPStream', () => {
  const r = drive(iqiyi, 17, PPS);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('iQIYI'));
  const noName = PPS[0].hex.replace(Buffer.from('PPStream').toString('hex'), Buffer.from('PPStreem').toString('hex'));
  assert.equal(drive(iqiyi, 17, [{ ...PPS[0], hex: noName }]).verdict, Verdict.No);
  assert.equal(drive(iqiyi, 17, [{ ...PPS[0], hex: PPS[0].hex + '00'.repeat(200) }]).verdict, Verdict.No);
});

test('iQIYI: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(iqiyi, 17, PPS) > 0);
});
