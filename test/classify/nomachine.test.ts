import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { nomachine } from '../../lib/classify/protocols/nomachine.js';
import { NOMACHINE_HELLO } from './enterprise-synth.js';
import { drive, hammer } from './dissector-harness.js';

test('NoMachine: the NXSH- handshake over TCP', () => {
  const r = drive(nomachine, 6, NOMACHINE_HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NoMachine'));
});

test('NoMachine: a UDP media datagram (1 at offset 2, its length at offset 4)', () => {
  const udp = { ...NOMACHINE_HELLO[0], hex: '000001000c0000000000aabb' };
  assert.equal(drive(nomachine, 17, [udp]).verdict, Verdict.Yes);
  assert.equal(drive(nomachine, 17, [{ ...udp, hex: '000001000d0000000000aabb' }]).verdict, Verdict.No);
});

test('NoMachine: a longer banner is not the handshake', () => {
  assert.equal(drive(nomachine, 6, [{ ...NOMACHINE_HELLO[0], hex: Buffer.from('NXSH-8.10.1 extra text\n').toString('hex') }]).verdict, Verdict.No);
});

test('NoMachine: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(nomachine, 6, NOMACHINE_HELLO) > 0);
});
