import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { yojimbo } from '../../lib/classify/protocols/yojimbo.js';

/** yojimbo.pcap frame 1 (first 64 bytes): a netcode.io connection request, 00 "NETCODE 1.02". */
const PKT: CorpusPkt = {
  frame: 1,
  from: '127.0.0.1:34638',
  to: '127.0.0.1:40000',
  hex: '004e4554434f444520312e30320000000000000000002013ad6500000000284628e1cc6cc5b78ed1b1a7e3b90be9b20387015be9c5cd81a02682',
};

test('Yojimbo: a zero byte then "NETCODE "', () => {
  const r = drive(yojimbo, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Yojimbo'));
});

test('Yojimbo: another prefix byte, or "NETCODE" cut short, is not it; garbage never throws', () => {
  assert.equal(drive(yojimbo, 17, [{ ...PKT, hex: '01' + PKT.hex.slice(2) }]).verdict, Verdict.No);
  assert.equal(drive(yojimbo, 17, [{ ...PKT, hex: PKT.hex.slice(0, 16) }]).verdict, Verdict.No);
  assert.ok(hammer(yojimbo, 17, [PKT]) > 0);
});
