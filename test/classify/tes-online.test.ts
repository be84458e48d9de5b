import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { tesOnline } from '../../lib/classify/protocols/tes-online.js';

/** Synthesized from tes_online.c: a 640-byte login, 32-bit length (636), "eso.live" inside. */
function login(marker: string): string {
  const b = Buffer.alloc(640, 0x20);
  b.writeUInt32BE(636, 0);
  Buffer.from(marker, 'hex').copy(b, 90);
  return b.toString('hex');
}
const LOGIN: CorpusPkt = { frame: 0, from: '10.0.0.2:50123', to: '10.0.0.9:24100', hex: login(Buffer.from('eso.live').toString('hex')) };

test('TES_Online: the length-prefixed login naming eso.live, or carrying 8B 78 9C 01', () => {
  const r = drive(tesOnline, 6, [LOGIN]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TES_Online'));
  assert.equal(drive(tesOnline, 6, [{ ...LOGIN, hex: login('8b789c01') }]).verdict, Verdict.Yes);
});

test('TES_Online: a wrong length, a short packet or no marker is not it; garbage never throws', () => {
  assert.equal(drive(tesOnline, 6, [{ ...LOGIN, hex: '0000027d' + LOGIN.hex.slice(8) }]).verdict, Verdict.No);
  assert.equal(drive(tesOnline, 6, [{ ...LOGIN, hex: login('00') }]).verdict, Verdict.No);
  assert.ok(hammer(tesOnline, 6, [{ ...LOGIN, hex: LOGIN.hex.slice(0, 200) }]) > 0);
});
