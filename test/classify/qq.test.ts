import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { qq } from '../../lib/classify/protocols/qq.js';

/** QQ's fixed UDP packets (qq.c's sizes and heads), synthesized. */
const P72: readonly CorpusPkt[] = [{ frame: 1, from: '10.0.0.2:4000', to: '183.60.48.1:8000', hex: '02004800' + '00'.repeat(68) }];

test('QQ: a 72-byte 02 00 48 00 datagram, and a 39+ byte 28 00 00 00 one', () => {
  const r = drive(qq, 17, P72);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('QQ'));
  assert.equal(drive(qq, 17, [{ ...P72[0], hex: '28000000' + '11'.repeat(40) }]).verdict, Verdict.Yes);
});

test('QQ: the head with the wrong size is not QQ; given up after four packets', () => {
  assert.equal(drive(qq, 17, [{ ...P72[0], hex: '02004800' + '00'.repeat(60) }]).verdict, Verdict.More);
  const other = { ...P72[0], hex: '03004800' + '00'.repeat(68) };
  const r = drive(qq, 17, [other, other, other, other, other]);
  assert.equal(r.verdict, Verdict.No);
  assert.equal(r.calls, 5);
});

test('QQ: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(qq, 17, P72) > 0);
});
