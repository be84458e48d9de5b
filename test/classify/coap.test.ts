import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { coap } from '../../lib/classify/protocols/coap.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// coap_mqtt.pcap: a non-confirmable GET /.well-known/core with a 3-byte token
const GET = '430105ca7216332b2e77656c6c2d6b6e6f776e04636f7265';

test('a CoAP request on port 5683', () => {
  const r = feed(coap, makeFlow(17, 61043, 5683), [{ dir: 0, hex: GET }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('COAP'));
  assert.equal(r.flow.meta.other?.['coap.code'], '0.01');
  assert.equal(feed(coap, makeFlow(17, 61616, 40000), [{ dir: 0, hex: GET }]).verdict, Verdict.Yes);
});

test('version 2, token length 8, an unknown code or another port: refused', () => {
  for (const hex of ['830105ca', '480105ca', '4306' + '05ca'])
    assert.equal(feed(coap, makeFlow(17, 61043, 5683), [{ dir: 0, hex }]).verdict, Verdict.No, hex);
  assert.equal(feed(coap, makeFlow(17, 61043, 5684), [{ dir: 0, hex: GET }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(coap, [bytes(GET)], [61043, 5683]) > 0);
});
