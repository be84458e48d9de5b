import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { smpp, smppSegment } from '../../lib/classify/protocols/smpp.js';
import { SMPP_BIND } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('SMPP: bind_transmitter (a known command, zero status, long enough body)', () => {
  const r = drive(smpp, 6, SMPP_BIND);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('SMPP'));
});

test('SMPP: two PDUs in one segment; an unknown command or a bind with a status is not SMPP', () => {
  const two = SMPP_BIND[0].hex + '00000010000000150000000000000002';
  assert.equal(smppSegment(Buffer.from(two, 'hex'), 0, two.length / 2), 1);
  const h = SMPP_BIND[0].hex;
  const unknown = Buffer.from(h.slice(0, 8) + '000000ff' + h.slice(16), 'hex');
  assert.equal(smppSegment(unknown, 0, unknown.length), 0);
  const status = Buffer.from(h.slice(0, 16) + '00000001' + h.slice(24), 'hex');
  assert.equal(smppSegment(status, 0, status.length), 0);
});

test('SMPP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(smpp, 6, SMPP_BIND) > 0);
});
