import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { epicgames } from '../../lib/classify/protocols/epicgames.js';

/** epicgames.pcapng frames 39/40 (first 40 bytes): the zero-padded opening and the reply with bit 0x08 set. */
const C = '192.168.12.156:39322';
const S = '18.157.15.184:9011';
const FLOW: readonly CorpusPkt[] = [
  { frame: 39, from: C, to: S, hex: '471a2000089822657404000000000000000000000000000000000000000000000000000000000070' },
  { frame: 40, from: S, to: C, hex: '471a20080898226574040000406229fcaa0d0e84170067c3a4ae7427cc594cbcec2daa8a950b5048' },
];

test('EpicGames: the opening then the reply echoing its first word with 0x08', () => {
  const r = drive(epicgames, 17, FLOW);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.Yes]);
  assert.equal(r.flow.l7App, protocolId('EpicGames'));
});

test('EpicGames: a reply with another word, or an opening with non-zero padding, is not it', () => {
  assert.equal(drive(epicgames, 17, [FLOW[0], { ...FLOW[1], hex: '471a2009' + FLOW[1].hex.slice(8) }]).verdict, Verdict.No);
  assert.equal(drive(epicgames, 17, [{ ...FLOW[0], hex: FLOW[0].hex.slice(0, 30) + '01' + FLOW[0].hex.slice(32) }]).verdict, Verdict.No);
  // the reply must come from the other side; three more from the same side give up
  assert.equal(drive(epicgames, 17, [FLOW[0], FLOW[0], FLOW[0], FLOW[0]]).verdict, Verdict.No);
});

test('EpicGames: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(epicgames, 17, FLOW) > 0);
});
