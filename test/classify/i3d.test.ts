import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { i3d } from '../../lib/classify/protocols/i3d.js';

/** i3d.pcap frame 1: a 74-byte datagram 00 01 00 46 00 03 CF A8 …. */
const PKT: CorpusPkt = {
  frame: 1,
  from: '192.168.2.100:60476',
  to: '213.163.87.47:50004',
  hex: '000100460003cfa8' + '00'.repeat(64) + 'f795',
};

test('i3D: the 74-byte 00 01 00 46 / 00 03 CF A8 datagram', () => {
  const r = drive(i3d, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('i3D'));
});

test('i3D: the 90 78 variant; a wrong id or a short datagram is not it', () => {
  assert.equal(drive(i3d, 17, [{ ...PKT, hex: '9078000000000000' + '0003cfa9bede0003' + '00'.repeat(58) }]).verdict, Verdict.Yes);
  assert.equal(drive(i3d, 17, [{ ...PKT, hex: '000100460003cfa9' + PKT.hex.slice(16) }]).verdict, Verdict.No);
  assert.equal(drive(i3d, 17, [{ ...PKT, hex: PKT.hex.slice(0, 146) }]).verdict, Verdict.No);
});

test('i3D: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(i3d, 17, [PKT]) > 0);
});
