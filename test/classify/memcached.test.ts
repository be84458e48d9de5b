import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { memcached } from '../../lib/classify/protocols/memcached.js';
import { MEMCACHED_TCP } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Memcached: a stats command and its STAT reply', () => {
  const r = drive(memcached, 6, MEMCACHED_TCP);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Memcached'));
  assert.equal(drive(memcached, 6, MEMCACHED_TCP.slice(0, 1)).verdict, Verdict.More);
});

test('Memcached: a UDP frame header with zero sequence count is not memcached', () => {
  const udp = { ...MEMCACHED_TCP[0], hex: '0001000000010000' + MEMCACHED_TCP[0].hex };
  assert.equal(drive(memcached, 17, [udp]).verdict, Verdict.More);
  assert.equal(drive(memcached, 17, [{ ...udp, hex: '0001000000000000' + MEMCACHED_TCP[0].hex }]).verdict, Verdict.No);
});

test('Memcached: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(memcached, 6, MEMCACHED_TCP) > 0);
});
