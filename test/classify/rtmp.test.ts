import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { rtmp } from '../../lib/classify/protocols/rtmp.js';

/** RTMP handshake: C0+C1 (0x03 + 1536 bytes) split over two packets, then S0 (synthesized). */
const C0C1 = '03' + '00'.repeat(1536);
const HANDSHAKE: readonly CorpusPkt[] = [
  { frame: 1, from: '10.0.0.2:50000', to: '10.0.0.1:1935', hex: C0C1.slice(0, 2 * 1000) },
  { frame: 2, from: '10.0.0.2:50000', to: '10.0.0.1:1935', hex: C0C1.slice(2 * 1000) },
  { frame: 3, from: '10.0.0.1:1935', to: '10.0.0.2:50000', hex: '03' + '01'.repeat(100) },
];

test('RTMP: C0+C1 of 1537 bytes then S0 from the other side', () => {
  const r = drive(rtmp, 6, HANDSHAKE);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RTMP'));
});

test('RTMP: a wrong C1 size, a missing handshake, or no 0x03 is not RTMP', () => {
  assert.equal(drive(rtmp, 6, [HANDSHAKE[0], { ...HANDSHAKE[1], hex: HANDSHAKE[1].hex + '00' }, HANDSHAKE[2]]).verdict, Verdict.No);
  assert.equal(drive(rtmp, 6, HANDSHAKE, { syn: false }).verdict, Verdict.No);
  assert.equal(drive(rtmp, 6, [HANDSHAKE[0], HANDSHAKE[1], { ...HANDSHAKE[2], hex: '04' }]).verdict, Verdict.No);
});

test('RTMP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(rtmp, 6, HANDSHAKE) > 0);
});
