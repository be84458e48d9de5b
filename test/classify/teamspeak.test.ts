import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dhcp-stun-harness.js';
import { teamspeak } from '../../lib/classify/protocols/teamspeak.js';

/** TeamSpeak 3's UDP connection start ("TS3INIT1" MAC, packet id, client id, type 0x88) (synthesized). */
const INIT: readonly CorpusPkt[] = [
  { frame: 1, from: '192.168.1.10:50000', to: '203.0.113.7:9987', hex: Buffer.from('TS3INIT1').toString('hex') + '0065' + '0000' + '88' + '0b000000' + '00'.repeat(16) },
];
/** TeamSpeak 2's TCP connection packet (F4 BE 03 00 …) (synthesized). */
const TS2: readonly CorpusPkt[] = [{ frame: 1, from: '192.168.1.10:50001', to: '203.0.113.7:51234', hex: 'f4be0300' + '00'.repeat(28) }];

test('TeamSpeak: the TS3INIT1 datagram and the TeamSpeak 2 TCP connection packet', () => {
  const r = drive(teamspeak, 17, INIT);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TeamSpeak'));
  assert.equal(drive(teamspeak, 6, TS2).verdict, Verdict.Yes);
});

test('TeamSpeak: another magic, or a short packet, is not TeamSpeak', () => {
  assert.equal(drive(teamspeak, 17, [{ ...INIT[0], hex: INIT[0].hex.replace('31', '32') }]).verdict, Verdict.No);
  assert.equal(drive(teamspeak, 6, [{ ...TS2[0], hex: 'f4be0400' + '00'.repeat(28) }]).verdict, Verdict.No);
  assert.equal(drive(teamspeak, 6, [{ ...TS2[0], hex: 'f4be0300' + '00'.repeat(8) }]).verdict, Verdict.No);
});

test('TeamSpeak: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(teamspeak, 17, INIT) > 0);
  assert.ok(hammer(teamspeak, 6, TS2) > 0);
});
