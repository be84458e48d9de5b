import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { elasticsearch } from '../../lib/classify/protocols/elasticsearch.js';
import { ES_HANDSHAKE } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Elasticsearch: an ES transport message', () => {
  const r = drive(elasticsearch, 6, ES_HANDSHAKE);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Elasticsearch'));
});

test('Elasticsearch: a length beyond the segment or another magic is not Elasticsearch', () => {
  const h = ES_HANDSHAKE[0].hex;
  assert.equal(drive(elasticsearch, 6, [{ ...ES_HANDSHAKE[0], hex: h.slice(0, h.length - 2) }]).verdict, Verdict.No);
  assert.equal(drive(elasticsearch, 6, [{ ...ES_HANDSHAKE[0], hex: '4554' + h.slice(4) }]).verdict, Verdict.No);
});

test('Elasticsearch: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(elasticsearch, 6, ES_HANDSHAKE) > 0);
});
