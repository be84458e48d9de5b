import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { worldOfWarcraft } from '../../lib/classify/protocols/world-of-warcraft.js';

/** wow.pcap frame 54: the server's 50-byte "WORLD OF WARCRAFT CONNECTION - SERVER TO CLIENT" greeting. */
const GREETING: CorpusPkt = {
  frame: 54,
  from: '12.129.228.153:3724',
  to: '192.168.178.20:39329',
  hex: '3000574f524c44204f4620574152435241465420434f4e4e454354494f4e202d2053455256455220544f20434c49454e5400',
};

test('WorldOfWarcraft: the connection greeting', () => {
  const r = drive(worldOfWarcraft, 6, [GREETING]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('WorldOfWarcraft'));
});

test('WorldOfWarcraft: judged per TCP segment: the greeting after another segment still counts', () => {
  const stage = { frame: 0, from: GREETING.from, to: GREETING.to, hex: '000c' + 'ec010100' + '00'.repeat(8) };
  const r = drive(worldOfWarcraft, 6, [stage, { ...stage, hex: '00020c00' }]);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.Yes]);
});

test('WorldOfWarcraft: a greeting of another length is not it; garbage never throws', () => {
  assert.equal(drive(worldOfWarcraft, 6, [{ ...GREETING, hex: GREETING.hex + '00' }]).verdict, Verdict.No);
  assert.ok(hammer(worldOfWarcraft, 6, [GREETING]) > 0);
});
