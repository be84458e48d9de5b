import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { activision } from '../../lib/classify/protocols/activision.js';

/** activision.pcap frames 1-4: 0D 02 from port 3074 (nDPI direction 1: the lower port), 0C 02 back, then 28/29 packets. */
const A = '192.168.2.100:3074';
const B = '108.61.235.31:33441';
const FLOW: readonly CorpusPkt[] = [
  { frame: 1, from: A, to: B, hex: '0d0200d3dded03961669981a27af4f381bc0a80015020c6c3deb1fa182' },
  { frame: 2, from: B, to: A, hex: '0c0200d3dded03961669981a27af4f381bc0a80015020c6c3deb1fa182' },
  { frame: 3, from: A, to: B, hex: '2837303e4800000000280000005a1000c600' },
  { frame: 4, from: B, to: A, hex: '292800000037303e48000000000100000000000000000000000000' },
];

test('Activision: the 0D 02 opening with C0 A8 / 00 15 02 0C decides at once', () => {
  const r = drive(activision, 17, FLOW);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 1);
  assert.equal(r.flow.l7App, protocolId('Activision'));
});

test('Activision: without the marker, five well-shaped packets decide', () => {
  const plain = FLOW.map((p, i) => (i < 2 ? { ...p, hex: p.hex.slice(0, 34) + '00' + p.hex.slice(36) } : p));
  const r = drive(activision, 17, [...plain, FLOW[2]]);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.More, Verdict.More, Verdict.More, Verdict.Yes]);
});

test('Activision: the opening direction is nDPI\'s (port order): 0C 02 from the lower port is not it', () => {
  assert.equal(drive(activision, 17, [{ ...FLOW[0], hex: '0c' + FLOW[0].hex.slice(2) }]).verdict, Verdict.No);
  // a later packet with the wrong first byte rules it out
  const bad = { ...FLOW[2], hex: '29' + FLOW[2].hex.slice(2) };
  const plain0 = { ...FLOW[0], hex: FLOW[0].hex.slice(0, 34) + '00' + FLOW[0].hex.slice(36) };
  assert.equal(drive(activision, 17, [plain0, bad]).verdict, Verdict.No);
});

test('Activision: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(activision, 17, FLOW) > 0);
});
