import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { tencentGames } from '../../lib/classify/protocols/tencent-games.js';

/** tencent_games.pcap frame 20 (first 80 bytes, length field adjusted): 00 00, the length, 78 01 (zlib). */
const body = '78013551cb6ac33010fc973dbb46ef476e39949c02a5d09bc1c8d63a98d8962b8b9410f2ef95ed04e9a01ded6867460f58f0b7ee3d1c';
const PKT: CorpusPkt = { frame: 20, from: '10.215.173.1:42864', to: '162.62.116.201:20731', hex: '0000' + (body.length / 2).toString(16).padStart(4, '0') + body };

test('TencentGames: a first packet 00 00, its own length, 78 01', () => {
  const r = drive(tencentGames, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TencentGames'));
});

test('TencentGames: the 33 66 00 0B header; a wrong length field is not it', () => {
  assert.equal(drive(tencentGames, 6, [{ ...PKT, hex: '3366000b000b' + '00'.repeat(60) }]).verdict, Verdict.Yes);
  // tencent_games.pcap frame 26 (first 60 bytes): 42 15 F7 87 … 00 00 at offset 6
  const f26 = '4215f78703e9000001c0ea07a23f7dabc634e5a894ff94fce2ddea1f04a555d9f54c3a189ca2bcd866bf728a5ebe67706c826dfe27f7e15db893f181';
  assert.equal(drive(tencentGames, 6, [{ ...PKT, hex: f26 }]).verdict, Verdict.Yes);
  assert.equal(drive(tencentGames, 6, [{ ...PKT, hex: f26.slice(0, 12) + '0100' + f26.slice(16) }]).verdict, Verdict.No);
  assert.equal(drive(tencentGames, 6, [{ ...PKT, hex: '0000ffff' + PKT.hex.slice(8) }]).verdict, Verdict.No);
});

test('TencentGames: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(tencentGames, 6, [PKT]) > 0);
});
