import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { guildwars } from '../../lib/classify/protocols/guildwars.js';

/** Synthesized from guildwars.c: the 16-byte ?? 04 0C ?? A6 72 … packet. */
const P16: CorpusPkt = { frame: 0, from: '10.0.0.2:50123', to: '10.0.0.9:6112', hex: '00040c00a6720000' + '01000000' + '04000000' };

test('Guildwars: the 16-byte opening and the 21-byte one', () => {
  const r = drive(guildwars, 6, [P16]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Guildwars'));
  assert.equal(drive(guildwars, 6, [{ ...P16, hex: '0100000000f100100001' + '00'.repeat(11) }]).verdict, Verdict.Yes);
});

test('Guildwars: a near miss, or a later packet, is not it; garbage never throws', () => {
  assert.equal(drive(guildwars, 6, [{ ...P16, hex: '00040c00a6730000' + '01000000' + '04000000' }]).verdict, Verdict.No);
  assert.equal(drive(guildwars, 6, [{ ...P16, hex: '00' }, P16]).verdict, Verdict.No);
  assert.ok(hammer(guildwars, 6, [P16]) > 0);
});
