import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { armagetron } from '../../lib/classify/protocols/armagetron.js';

/** Synthesized from armagetron.c: a login request 00 0B 00 00, 3 words (14 bytes), 00 08, trailing 00 00. */
const LOGIN: CorpusPkt = { frame: 0, from: '192.168.1.183:4534', to: '150.136.145.224:4533', hex: '000b0000' + '0003' + '0008' + '41424344' + '0000' };
/** The 16-byte sync message. */
const SYNC = '001c' + '0102' + '0004' + '00000500' + '00010000' + '0000';

test('Armagetron: the login request and the sync message', () => {
  const r = drive(armagetron, 17, [LOGIN]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Armagetron'));
  assert.equal(drive(armagetron, 17, [{ ...LOGIN, hex: SYNC }]).verdict, Verdict.Yes);
});

test('Armagetron: a word count that does not fit, or 10 bytes only, is not it', () => {
  assert.equal(drive(armagetron, 17, [{ ...LOGIN, hex: '000b0000' + '0004' + LOGIN.hex.slice(12) }]).verdict, Verdict.No);
  assert.equal(drive(armagetron, 17, [{ ...LOGIN, hex: '000b000000010008' + '0000' }]).verdict, Verdict.No);
  assert.ok(hammer(armagetron, 17, [LOGIN]) > 0);
});
