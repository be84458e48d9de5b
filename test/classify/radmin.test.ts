import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { radmin } from '../../lib/classify/protocols/radmin.js';
import { RADMIN_HELLO } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Radmin: the client hello then the server answer', () => {
  const r = drive(radmin, 6, RADMIN_HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Radmin'));
  assert.equal(drive(radmin, 6, RADMIN_HELLO.slice(0, 1)).verdict, Verdict.More);
});

test('Radmin: the answer without the hello, or another header, is not Radmin', () => {
  assert.equal(drive(radmin, 6, [RADMIN_HELLO[0], { ...RADMIN_HELLO[1], hex: '02' + RADMIN_HELLO[1].hex.slice(2) }]).verdict, Verdict.No);
  assert.equal(drive(radmin, 6, [{ ...RADMIN_HELLO[0], hex: '01000000020000000808' }]).verdict, Verdict.No);
});

test('Radmin: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(radmin, 6, RADMIN_HELLO) > 0);
});
