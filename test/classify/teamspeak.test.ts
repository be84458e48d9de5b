import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { teamspeak } from '../../lib/classify/protocols/teamspeak.js';

/** Synthesized from teamspeak.c: the TeamSpeak 3 UDP handshake, "TS3INIT1" then 26 bytes. */
const INIT: CorpusPkt = { frame: 0, from: '10.0.0.2:50123', to: '10.0.0.9:9987', hex: Buffer.from('TS3INIT1').toString('hex') + '0065' + '00'.repeat(24) };
/** The TeamSpeak 2 TCP connection packet F4 BE 03 00 …. */
const TS2: CorpusPkt = { frame: 0, from: '10.0.0.2:50124', to: '10.0.0.9:51234', hex: 'f4be0300' + '00'.repeat(20) };

test('TeamSpeak: the TS3 UDP handshake and the TS2 TCP connection packet', () => {
  const r = drive(teamspeak, 17, [INIT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TeamSpeak'));
  assert.equal(drive(teamspeak, 6, [TS2]).verdict, Verdict.Yes);
});

test('TeamSpeak: short packets, other versions or later packets are not it; garbage never throws', () => {
  assert.equal(drive(teamspeak, 17, [{ ...INIT, hex: INIT.hex.slice(0, 38) }]).verdict, Verdict.No);
  assert.equal(drive(teamspeak, 6, [{ ...TS2, hex: 'f4be0400' + '00'.repeat(20) }]).verdict, Verdict.No);
  assert.equal(drive(teamspeak, 17, [{ ...INIT, hex: '00' }, INIT]).verdict, Verdict.No);
  assert.ok(hammer(teamspeak, 17, [INIT]) > 0);
  assert.ok(hammer(teamspeak, 6, [TS2]) > 0);
});
