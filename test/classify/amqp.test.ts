import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { amqp, amqpFrame } from '../../lib/classify/protocols/amqp.js';
import { AMQP_METHOD } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('AMQP: a Connection method frame from the client', () => {
  const r = drive(amqp, 6, AMQP_METHOD);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('AMQP'));
  assert.equal(r.flow.l7Master, 0);
});

test('AMQP: the protocol header alone waits; an unknown frame type or class id does not match', () => {
  const hdr = { ...AMQP_METHOD[0], hex: '414d515000000901' };
  assert.equal(drive(amqp, 6, [hdr]).verdict, Verdict.More);
  assert.equal(amqpFrame(Buffer.from('09' + AMQP_METHOD[0].hex.slice(2), 'hex'), 0, AMQP_METHOD[0].hex.length / 2), false);
  // class id 0x00c8 (200) is beyond Tunnel (110)
  const h = AMQP_METHOD[0].hex;
  const bad = Buffer.from(h.slice(0, 14) + '00c8' + h.slice(18), 'hex');
  assert.equal(amqpFrame(bad, 0, bad.length), false);
});

test('AMQP: gives up after 5 segments without a method frame', () => {
  const junk = { ...AMQP_METHOD[0], hex: '414d515000000901' };
  const r = drive(amqp, 6, [junk, junk, junk, junk, junk, junk]);
  assert.equal(r.verdict, Verdict.No);
});

test('AMQP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(amqp, 6, AMQP_METHOD) > 0);
});
