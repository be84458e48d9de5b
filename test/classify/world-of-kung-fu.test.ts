import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { worldOfKungFu } from '../../lib/classify/protocols/world-of-kung-fu.js';

/** Synthesized from world_of_kung_fu.c: 0C 00 00 00 D2 00 0C 00 ?? 16 00 00 ?? ?? 00 00. */
const PKT: CorpusPkt = { frame: 0, from: '10.0.0.2:50123', to: '10.0.0.9:7000', hex: '0c000000d2000c0001160000abcd0000' };

test('WorldOfKungFu: the 16-byte opening', () => {
  const r = drive(worldOfKungFu, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('WorldOfKungFu'));
});

test('WorldOfKungFu: another byte at offset 9 is not it; garbage never throws', () => {
  assert.equal(drive(worldOfKungFu, 6, [{ ...PKT, hex: '0c000000d2000c0001170000abcd0000' }]).verdict, Verdict.No);
  assert.ok(hammer(worldOfKungFu, 6, [PKT]) > 0);
});
