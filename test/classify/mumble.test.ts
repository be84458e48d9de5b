import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { mumble } from '../../lib/classify/protocols/mumble.js';

/** Synthesized from mumble.c: the client's 12-byte ping and the server's 24-byte pong echoing its identifier. */
const C = '10.0.0.2:50123';
const S = '10.0.0.9:64738';
const PING: CorpusPkt = { frame: 1, from: C, to: S, hex: '00000000' + '0011223344556677' };
const PONG: CorpusPkt = { frame: 2, from: S, to: C, hex: '00010203' + '0011223344556677' + '0000000500000020' + '00011f40' };

test('Mumble: the ping and the pong echoing its identifier', () => {
  const r = drive(mumble, 17, [PING, PONG]);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.Yes]);
  assert.equal(r.flow.l7App, protocolId('Mumble'));
});

test('Mumble: a pong with another identifier, or a ping not starting with zeros, is not it', () => {
  assert.equal(drive(mumble, 17, [PING, { ...PONG, hex: PONG.hex.replace('0011223344556677', '0011223344556678') }]).verdict, Verdict.No);
  assert.equal(drive(mumble, 17, [{ ...PING, hex: '00000001' + PING.hex.slice(8) }]).verdict, Verdict.No);
  assert.ok(hammer(mumble, 17, [PING, PONG]) > 0);
});
