import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { telegram } from '../../lib/classify/protocols/telegram.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, flowFor, hammer } from './dissector-harness.js';

/** telegram.pcap: a call relay datagram to port 533 (a run of exactly twelve 0xFF bytes). */
const RELAY: readonly CorpusPkt[] = [
  { frame: 737, from: '192.168.1.77:28150', to: '91.108.8.1:533', hex: '2fe49fa76c4eb433cbcd82a1bbea621efffffffffffffffffffffffffeffffff8bad35d6e816180a' },
];

test('Telegram: a relay datagram on ports 500-600 with twelve 0xFF bytes', () => {
  const r = drive(telegram, 17, RELAY);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Telegram'));
});

test('Telegram: the same datagram off the port range, or with a run of eleven, is not Telegram', () => {
  assert.equal(drive(telegram, 17, [{ ...RELAY[0], to: '91.108.8.1:633' }]).verdict, Verdict.No);
  const eleven = RELAY[0].hex.replace('ffffffffffffffffffffffff', 'ffffffffffffffffffffff00');
  assert.equal(drive(telegram, 17, [{ ...RELAY[0], hex: eleven }]).verdict, Verdict.No);
  const none = RELAY[0].hex.replace(/ff/g, '00');
  assert.equal(drive(telegram, 17, [{ ...RELAY[0], hex: none }]).verdict, Verdict.More);
});

/** MTProto abridged transport: 0xEF, then a length in 4-byte words (synthesized). */
const ABRIDGED = 'ef0f' + '11'.repeat(62);

test('Telegram: the TCP abridged transport to port 443', () => {
  const pkt = { frame: 1, from: '10.0.0.2:40000', to: '149.154.167.91:443', hex: ABRIDGED };
  assert.equal(drive(telegram, 6, [pkt]).verdict, Verdict.Yes);
  assert.equal(drive(telegram, 6, [{ ...pkt, to: '149.154.167.91:8443' }]).verdict, Verdict.No);
  assert.equal(drive(telegram, 6, [{ ...pkt, hex: 'ee' + ABRIDGED.slice(2) }]).verdict, Verdict.No);
  assert.equal(drive(telegram, 6, [{ ...pkt, hex: ABRIDGED.slice(0, 100) }]).verdict, Verdict.No);
});

test('Telegram: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(telegram, 17, RELAY) > 0);
  assert.ok(hammer(telegram, 6, [{ frame: 1, from: '10.0.0.2:40000', to: '149.154.167.91:443', hex: ABRIDGED }]) > 0);
});

test("Telegram: any TCP payload to an address of nDPI's Telegram list is Telegram by IP (MTProto 2.0 is not TLS)", () => {
  const pkt = { frame: 0, from: '192.168.12.169:37950', to: '149.154.167.91:443', hex: '0123456789abcdef0123456789abcdef' };
  const f = flowFor(6, pkt);
  f.ipProto = protocolId('Telegram');
  const r = drive(telegram, 6, [pkt], {}, f);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Telegram'));
  assert.equal(r.flow.confidence, 'ip');
  // the same bytes to another address say nothing
  const g = flowFor(6, pkt);
  assert.notEqual(drive(telegram, 6, [pkt], {}, g).verdict, Verdict.Yes);
});
