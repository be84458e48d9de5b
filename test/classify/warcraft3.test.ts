import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { warcraft3 } from '../../lib/classify/protocols/warcraft3.js';

/** Synthesized from warcraft3.c: F7 messages with a little-endian length at offset 2, chained to fill the packet. */
const C = '10.0.0.2:50123';
const S = '10.0.0.9:6112';
const msg = (id: string, n: number) => 'f7' + id + (n & 0xff).toString(16).padStart(2, '0') + (n >> 8).toString(16).padStart(2, '0') + '00'.repeat(n - 4);

test('Warcraft3: the 01 selector, then chained F7 messages past the second packet', () => {
  const flow: CorpusPkt[] = [
    { frame: 1, from: C, to: S, hex: '01' },
    { frame: 2, from: C, to: S, hex: msg('1e', 8) + msg('1f', 12) },
    { frame: 3, from: S, to: C, hex: msg('04', 20) },
  ];
  const r = drive(warcraft3, 6, flow);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.More, Verdict.Yes]);
  assert.equal(r.flow.l7App, protocolId('Warcraft3'));
});

test('Warcraft3: messages that do not add up rule it out', () => {
  const bad = { frame: 1, from: C, to: S, hex: msg('1e', 8) + '00'.repeat(3) };
  assert.equal(drive(warcraft3, 17, [bad]).verdict, Verdict.No);
  assert.ok(hammer(warcraft3, 6, [{ frame: 1, from: C, to: S, hex: msg('1e', 8) + msg('1f', 12) }]) > 0);
  assert.ok(hammer(warcraft3, 17, [bad]) > 0);
});
