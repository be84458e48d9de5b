import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { mqtt, mqttPacket } from '../../lib/classify/protocols/mqtt.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// coap_mqtt.pcap: CONNECT (3.1.1, client "Bus41"), PINGREQ, PUBLISH QoS 1
const CONNECT = '101100044d5154540402003c00054275733431';
const PINGREQ = 'c000';
const PUBLISH = '325400084275733137436d6400027b226d65737361676554797065223a22555044415445222c226d657373616765436f6e74656e74223a22467269204665622031392032303a34313a3131204545542032303136227d';
// MQTT 5.0 CONNECT: properties length 5, client id "c1"
const CONNECT_5 = '101400044d5154540502003c05110000000a00026331';

test('a CONNECT: version and client id', () => {
  for (const [hex, version, id] of [[CONNECT, 4, 'Bus41'], [CONNECT_5, 5, 'c1']] as const) {
    const r = feed(mqtt, makeFlow(6, 53528, 17501), [{ dir: 0, hex }]);
    assert.equal(r.verdict, Verdict.Yes, hex);
    assert.equal(r.flow.l7App, protocolId('MQTT'));
    assert.equal(r.flow.meta.other?.['mqtt.version'], version);
    assert.equal(r.flow.meta.other?.['mqtt.client_id'], id);
  }
});

test('a flow seen from a PINGREQ or a PUBLISH, either direction', () => {
  assert.equal(feed(mqtt, makeFlow(6, 53522, 17501), [{ dir: 0, hex: PINGREQ }]).verdict, Verdict.Yes);
  assert.equal(feed(mqtt, makeFlow(6, 53524, 17501), [{ dir: 1, hex: PUBLISH }]).verdict, Verdict.Yes);
});

test('nDPI refusals: length mismatch, flags, sizes, QoS 2, 3.1 "MQIsdp"', () => {
  assert.equal(mqttPacket(bytes('c00000'), 0, 3), 0);
  assert.equal(mqttPacket(bytes('c100'), 0, 2), 0);
  assert.equal(mqttPacket(bytes('20020000'), 0, 4), 2);
  assert.equal(mqttPacket(bytes('2003000000'), 0, 5), 0);
  assert.equal(mqttPacket(bytes('3403000161'), 0, 5), 0);
  // nDPI reads flag bit 2 (a QoS bit) as DUP, so the real DUP bit (3) passes
  assert.equal(mqttPacket(bytes('3803000161'), 0, 5), 3);
  assert.equal(mqttPacket(bytes('3603000161'), 0, 5), 0);
  assert.equal(mqttPacket(bytes('3003000161'), 0, 5), 3);
  assert.equal(mqttPacket(bytes('101100064d5149736470030200780003'), 0, 16), 0);
  assert.equal(feed(mqtt, makeFlow(6, 1, 2), [{ dir: 0, hex: '160301' }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(mqtt, [CONNECT, PINGREQ, PUBLISH, CONNECT_5].map(bytes), [50000, 1883]) > 0);
});
