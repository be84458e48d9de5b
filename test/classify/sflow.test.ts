import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { sflow } from '../../lib/classify/protocols/sflow.js';
import { SFLOW_V5 } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('sFlow: a v5 datagram with an IPv4 agent address', () => {
  const r = drive(sflow, 17, SFLOW_V5);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('sFlow'));
});

test('sFlow: version 3, or an unknown agent address type, is not sFlow', () => {
  const h = SFLOW_V5[0].hex;
  assert.equal(drive(sflow, 17, [{ ...SFLOW_V5[0], hex: '00000003' + h.slice(8) }]).verdict, Verdict.No);
  assert.equal(drive(sflow, 17, [{ ...SFLOW_V5[0], hex: h.slice(0, 8) + '8e130da1' + h.slice(16) }]).verdict, Verdict.No);
});

test('sFlow: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(sflow, 17, SFLOW_V5) > 0);
});
