import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { cassandra, cassandraSegment } from '../../lib/classify/protocols/cassandra.js';
import { CASSANDRA_STARTUP } from './enterprise-synth.js';
import { drive, hammer } from './dissector-harness.js';

test('Cassandra: a CQL STARTUP with CQL_VERSION as its last option', () => {
  const r = drive(cassandra, 6, CASSANDRA_STARTUP);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Cassandra'));
});

test('Cassandra: the internode magic in a 19-byte segment', () => {
  const p = { ...CASSANDRA_STARTUP[0], to: '10.0.0.2:7000', hex: 'ca552dfa' + '00'.repeat(15) };
  assert.equal(drive(cassandra, 6, [p]).verdict, Verdict.Yes);
});

test('Cassandra: other segments wait, a third one from the same side gives up', () => {
  const other = { ...CASSANDRA_STARTUP[0], hex: '0400000005000000' + '00' };
  assert.equal(drive(cassandra, 6, [other]).verdict, Verdict.More);
  assert.equal(drive(cassandra, 6, [other, other, other]).verdict, Verdict.No);
  assert.equal(cassandraSegment(Buffer.from('ca552dfb' + '00'.repeat(15), 'hex'), 0, 19), 0);
});

test('Cassandra: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(cassandra, 6, CASSANDRA_STARTUP) > 0);
});
