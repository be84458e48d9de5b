import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { zug } from '../../lib/classify/protocols/zug.js';

/** zug.pcap frame 7 (first 56 bytes): 00 "zUG" 10 …. */
const PKT: CorpusPkt = {
  frame: 7,
  from: '52.104.45.69:44174',
  to: '53.52.158.15:19000',
  hex: '007a55471099aabc006ee2dd065ceab3ee3d5ac4b16fda2122a9928eb655da957cbeadb702055e9b4feb8caa5d81fe60d9df1beca89cf3',
};

test('ZUG: 00 "zUG" then 0x10', () => {
  const r = drive(zug, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('ZUG'));
});

test('ZUG: another fifth byte is not it; garbage never throws', () => {
  assert.equal(drive(zug, 17, [{ ...PKT, hex: '007a554711' + PKT.hex.slice(10) }]).verdict, Verdict.No);
  assert.ok(hammer(zug, 17, [PKT]) > 0);
});
