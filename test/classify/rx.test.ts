import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { rx, rxHeader } from '../../lib/classify/protocols/rx.js';
import { RX_CALL } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('RX: headers from both sides with the same epoch and connection id', () => {
  const r = drive(rx, 17, RX_CALL);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RX'));
});

test('RX: another connection id from the other side, or a bad type, is not RX', () => {
  const other = { ...RX_CALL[1], hex: RX_CALL[1].hex.slice(0, 8) + 'ffffffff' + RX_CALL[1].hex.slice(16) };
  assert.equal(drive(rx, 17, [RX_CALL[0], other]).verdict, Verdict.No);
  const h = RX_CALL[0].hex;
  const badType = Buffer.from(h.slice(0, 40) + '0c' + h.slice(42), 'hex');
  assert.equal(rxHeader(badType, 0, badType.length), false);
});

test('RX: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(rx, 17, RX_CALL) > 0);
});
