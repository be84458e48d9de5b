import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { checkmk } from '../../lib/classify/protocols/checkmk.js';
import { CHECKMK_AGENT } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('CHECKMK: the agent banner', () => {
  const r = drive(checkmk, 6, CHECKMK_AGENT);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('CHECKMK'));
});

test('CHECKMK: another short text is not Checkmk; bulk segments are skipped', () => {
  assert.equal(drive(checkmk, 6, [{ ...CHECKMK_AGENT[0], hex: Buffer.from('<<<check_mx>>>\n').toString('hex') }]).verdict, Verdict.No);
  assert.equal(drive(checkmk, 6, [{ ...CHECKMK_AGENT[0], hex: '41'.repeat(200) }]).verdict, Verdict.More);
});

test('CHECKMK: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(checkmk, 6, CHECKMK_AGENT) > 0);
});
