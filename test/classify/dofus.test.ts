import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { dofus } from '../../lib/classify/protocols/dofus.js';

/** Synthesized from dofus.c. */
const C = '10.0.0.2:50123';
const S = '10.0.0.9:5555';

test('Dofus: the 13-byte 1.x packet and a 2.0 message', () => {
  // ?? 05 08 ?? ?? 04 A0 … 01 94, 13 bytes
  const p13: CorpusPkt = { frame: 1, from: C, to: S, hex: '00050800' + '0004a0' + '00000000' + '0194' };
  const r = drive(dofus, 6, [p13]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Dofus'));
  const v2: CorpusPkt = { frame: 1, from: C, to: S, hex: '00050800' + '0005' + '0000' + '0005' + '18' };
  assert.equal(drive(dofus, 6, [v2]).verdict, Verdict.Yes);
});

test('Dofus: a text opening then "AT" confirms; other packets rule it out', () => {
  const hg = { frame: 1, from: S, to: C, hex: Buffer.from('HG\0').toString('hex') };
  const at = { frame: 2, from: C, to: S, hex: Buffer.from('AT12345678\0').toString('hex') };
  assert.deepEqual(drive(dofus, 6, [hg, at]).verdicts, [Verdict.More, Verdict.Yes]);
  assert.equal(drive(dofus, 6, [hg, { ...at, hex: Buffer.from('XT12345678\0').toString('hex') }]).verdict, Verdict.No);
  assert.ok(hammer(dofus, 6, [hg, at]) > 0);
});
