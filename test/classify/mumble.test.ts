import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dhcp-stun-harness.js';
import { mumble } from '../../lib/classify/protocols/mumble.js';

/** Mumble's ping (layout of mumble.c / Mumble's UDP ping): 12 bytes out, 24 bytes back (synthesized). */
const PING: readonly CorpusPkt[] = [
  { frame: 1, from: '192.168.88.208:50085', to: '5.39.185.162:64738', hex: '00000000' + '0011223344556677' },
  { frame: 2, from: '5.39.185.162:64738', to: '192.168.88.208:50085', hex: '00010400' + '0011223344556677' + '0000000500000032000090e8' },
];

test('Mumble: the ping and its echo of the identifier', () => {
  const r = drive(mumble, 17, PING);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Mumble'));
});

test('Mumble: another identifier, size, or a non-zero ping header is not Mumble', () => {
  const other = { ...PING[1], hex: PING[1].hex.replace('0011223344556677', '0011223344556678') };
  assert.equal(drive(mumble, 17, [PING[0], other]).verdict, Verdict.No);
  assert.equal(drive(mumble, 17, [PING[0], { ...PING[1], hex: PING[1].hex + '00' }]).verdict, Verdict.No);
  assert.equal(drive(mumble, 17, [{ ...PING[0], hex: '00000001' + PING[0].hex.slice(8) }]).verdict, Verdict.No);
});

test('Mumble: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(mumble, 17, PING) > 0);
});
