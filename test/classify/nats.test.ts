import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { nats } from '../../lib/classify/protocols/nats.js';
import { NATS_HELLO } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('NATS: the server INFO {…} line', () => {
  const r = drive(nats, 6, NATS_HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Nats'));
});

test('NATS: a verb without CRLF, or another first line, rules it out', () => {
  assert.equal(drive(nats, 6, [{ ...NATS_HELLO[0], hex: Buffer.from('INFO {"a":1}').toString('hex') }]).verdict, Verdict.No);
  assert.equal(drive(nats, 6, [{ ...NATS_HELLO[0], hex: Buffer.from('HELLO world\r\n').toString('hex') }]).verdict, Verdict.No);
});

test('NATS: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(nats, 6, NATS_HELLO) > 0);
});
