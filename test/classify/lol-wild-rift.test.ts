import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { lolWildRift } from '../../lib/classify/protocols/lol-wild-rift.js';

/** lol_wild_rift_udp.pcap frame 8: the 22-byte datagram 01 02 C8 41 … "A0B1". */
const PKT22: CorpusPkt = {
  frame: 8,
  from: '10.215.173.1:41440',
  to: '13.53.58.18:18001',
  hex: '0102c841000000010001000000640004000441304231',
};

test('LoLWildRift: the 22-byte datagram', () => {
  const r = drive(lolWildRift, 17, [PKT22]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('LoLWildRift'));
});

test('LoLWildRift: a 69-byte 04 00 00 00 opening, then the 359-byte 10 00 00 00 reply', () => {
  const open = { frame: 3, from: '10.215.173.1:43686', to: '13.51.213.131:15007', hex: '04000000' + '11'.repeat(65) };
  const reply = { frame: 4, from: '13.51.213.131:15007', to: '10.215.173.1:43686', hex: '10000000' + '22'.repeat(355) };
  assert.deepEqual(drive(lolWildRift, 17, [open, reply]).verdicts, [Verdict.More, Verdict.Yes]);
  // the reply alone, or a reply of another size, is not enough
  assert.equal(drive(lolWildRift, 17, [reply]).verdict, Verdict.No);
  assert.equal(drive(lolWildRift, 17, [open, { ...reply, hex: reply.hex + '00' }]).verdict, Verdict.No);
});

test('LoLWildRift: a wrong trailer is not it; garbage never throws', () => {
  assert.equal(drive(lolWildRift, 17, [{ ...PKT22, hex: PKT22.hex.slice(0, -2) + '32' }]).verdict, Verdict.No);
  assert.ok(hammer(lolWildRift, 17, [PKT22]) > 0);
});
