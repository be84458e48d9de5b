import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { riotgames } from '../../lib/classify/protocols/riotgames.js';

/** riotgames.pcap frame 1: a 53-byte datagram ending 3C B1 1F 2D EA 23 46 0C. */
const PKT53: CorpusPkt = {
  frame: 1,
  from: '192.168.2.100:59956',
  to: '162.249.72.1:7194',
  hex: 'a49f9c31a03242040100000000000000000000000000000000000000000000000000000098b99eebc2e012d8953cb11f2dea23460c',
};

test('RiotGames: the 53-byte datagram with its fixed trailer', () => {
  const r = drive(riotgames, 17, [PKT53]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RiotGames'));
});

test('RiotGames: the AA…BB… trailer on any length; other trailers are not', () => {
  assert.equal(drive(riotgames, 17, [{ ...PKT53, hex: '0102030405aaaaaaaabbbbbbbb' }]).verdict, Verdict.Yes);
  assert.equal(drive(riotgames, 17, [{ ...PKT53, hex: PKT53.hex.slice(0, -2) + '0d' }]).verdict, Verdict.No);
  // the 53-byte trailer only counts on 53 bytes
  assert.equal(drive(riotgames, 17, [{ ...PKT53, hex: '00' + PKT53.hex }]).verdict, Verdict.No);
});

test('RiotGames: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(riotgames, 17, [PKT53]) > 0);
});
