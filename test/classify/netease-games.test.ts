import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { neteaseGames } from '../../lib/classify/protocols/netease-games.js';

/** netease_games.pcapng frame 11: the 12-byte client datagram 01 … D0 01 … 00 01 01 01. */
const PKT12: CorpusPkt = { frame: 11, from: '192.168.88.231:56588', to: '35.246.207.19:4513', hex: '01b5d001112a3d0300010101' };
/** frame 16 (first 60 bytes): Naraka: Bladepoint, 07 08 08 0C …. */
const NARAKA: CorpusPkt = {
  frame: 16,
  from: '192.168.88.231:58951',
  to: '34.141.75.90:28203',
  hex: '0708080c626386180000000000000001000003acf8458b4d1029d41406772df0cb1407d40e326789148bc74819b3cf774ad116',
};

test('NetEaseGames: the 12-byte client datagram and the Naraka opening', () => {
  for (const p of [PKT12, NARAKA]) {
    const r = drive(neteaseGames, 17, [p]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, protocolId('NetEaseGames'));
  }
});

test('NetEaseGames: near misses are not it', () => {
  assert.equal(drive(neteaseGames, 17, [{ ...PKT12, hex: '01b5d001112a3d0300010102' }]).verdict, Verdict.No);
  assert.equal(drive(neteaseGames, 17, [{ ...NARAKA, hex: NARAKA.hex.slice(0, 60) }]).verdict, Verdict.No);
});

test('NetEaseGames: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(neteaseGames, 17, [PKT12, NARAKA]) > 0);
});
