import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { mongodb, mongoSegment } from '../../lib/classify/protocols/mongodb.js';
import { MONGO_QUERY } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('MongoDB: an OP_QUERY on a non-default port', () => {
  const r = drive(mongodb, 6, MONGO_QUERY);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('MongoDB'));
});

test('MongoDB: an unknown opcode or an implausible length rules it out; a short reply waits', () => {
  const h = MONGO_QUERY[0].hex;
  const op = Buffer.from(h.slice(0, 24) + '05000000' + h.slice(32), 'hex');
  assert.equal(mongoSegment(op, 0, op.length), 0);
  const len = Buffer.from('00000000' + h.slice(8), 'hex');
  assert.equal(mongoSegment(len, 0, len.length), 0);
  const reply = Buffer.from('2400000001000000000000000100000000000000', 'hex');
  assert.equal(mongoSegment(reply, 0, reply.length), -1);
});

test('MongoDB: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(mongodb, 6, MONGO_QUERY) > 0);
});
