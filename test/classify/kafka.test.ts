import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { kafka, kafkaRequest } from '../../lib/classify/protocols/kafka.js';
import { KAFKA_REQ } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Kafka: a request whose size is the segment, with a printable client id', () => {
  const r = drive(kafka, 6, KAFKA_REQ);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Kafka'));
  assert.equal(r.flow.meta.other?.['kafka.client_id'], 'rdkafka');
});

test('Kafka: a wrong size, an API key beyond 74 or a client id that overruns is not Kafka', () => {
  const h = KAFKA_REQ[0].hex;
  const b = (x: string) => Buffer.from(x, 'hex');
  assert.equal(kafkaRequest(b(h + '00'), 0, h.length / 2 + 1), -1);
  assert.equal(kafkaRequest(b(h.slice(0, 8) + '004b' + h.slice(12)), 0, h.length / 2), -1);
  assert.equal(kafkaRequest(b(h.slice(0, 24) + '00ff' + h.slice(28)), 0, h.length / 2), -1);
});

test('Kafka: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(kafka, 6, KAFKA_REQ) > 0);
});
