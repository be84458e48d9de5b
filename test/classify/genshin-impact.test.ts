import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { genshinImpact } from '../../lib/classify/protocols/genshin-impact.js';

/** Synthesized from genshin_impact.c: 00 00 00 FF, zeros, 49 96 02 D2 at 12, FF FF FF FF at 16. */
const HELLO: CorpusPkt = { frame: 0, from: '10.0.0.2:50123', to: '47.1.2.3:22102', hex: '000000ff' + '00000000' + '00000000' + '499602d2' + 'ffffffff' };

test('GenshinImpact: the connect handshake as first datagram', () => {
  const r = drive(genshinImpact, 17, [HELLO]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('GenshinImpact'));
});

test('GenshinImpact: only the first datagram counts; a wrong magic is not it', () => {
  assert.equal(drive(genshinImpact, 17, [{ ...HELLO, hex: '00' }, HELLO]).verdict, Verdict.No);
  assert.equal(drive(genshinImpact, 17, [{ ...HELLO, hex: HELLO.hex.replace('499602d2', '499602d3') }]).verdict, Verdict.No);
  assert.ok(hammer(genshinImpact, 17, [HELLO]) > 0);
});
