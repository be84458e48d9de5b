import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { nestLogSink } from '../../lib/classify/protocols/nest-log-sink.js';
import { NEST_LOG } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('NestLogSink: three matching segments on port 11095', () => {
  const r = drive(nestLogSink, 6, NEST_LOG);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NestLogSink'));
});

test('NestLogSink: another port, or a short segment, rules it out', () => {
  assert.equal(drive(nestLogSink, 6, NEST_LOG.map((p) => ({ ...p, from: p.from.replace(':11095', ':11096'), to: p.to.replace(':11095', ':11096') }))).verdict, Verdict.No);
  assert.equal(drive(nestLogSink, 6, [{ ...NEST_LOG[0], hex: '11020013' }]).verdict, Verdict.No);
});

test('NestLogSink: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(nestLogSink, 6, NEST_LOG) > 0);
});
