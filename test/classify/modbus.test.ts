import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { modbus } from '../../lib/classify/protocols/modbus.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// umas.pcap: a UMAS request (function 0x5A); a read-holding-registers request
const UMAS = '000000000004005a0002';
const READ = '000100000006010300000002';

test('function 0x5A is Modbus.UMAS; others are Modbus', () => {
  const u = feed(modbus, makeFlow(6, 7718, 502), [{ dir: 0, hex: UMAS }]);
  assert.deepEqual([u.verdict, u.flow.l7Master, u.flow.l7App], [Verdict.Yes, protocolId('Modbus'), protocolId('UMAS')]);
  const m = feed(modbus, makeFlow(6, 7718, 502), [{ dir: 0, hex: READ }]);
  assert.deepEqual([m.verdict, m.flow.l7Master, m.flow.l7App], [Verdict.Yes, 0, protocolId('Modbus')]);
});

test('wrong length, protocol id or port: refused', () => {
  assert.equal(feed(modbus, makeFlow(6, 7718, 502), [{ dir: 0, hex: READ + '00' }]).verdict, Verdict.No);
  assert.equal(feed(modbus, makeFlow(6, 7718, 502), [{ dir: 0, hex: '000100010006010300000002' }]).verdict, Verdict.No);
  assert.equal(feed(modbus, makeFlow(6, 7718, 503), [{ dir: 0, hex: READ }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(modbus, [bytes(UMAS), bytes(READ)], [7718, 502]) > 0);
});
