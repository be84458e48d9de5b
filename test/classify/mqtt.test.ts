import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { mqtt, mqttConnect } from '../../lib/classify/protocols/mqtt.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// MQTT 3.1.1 CONNECT: clean session, keep-alive 60, client id "sensor-7"
const CONNECT_311 = '101400044d5154540402003c000873656e736f722d37';
// MQTT 5.0 CONNECT: properties length 5 (session expiry 0x11 = 10), client id "c1"
const CONNECT_5 = '101400044d5154540502003c05110000000a00026331';
// MQTT 3.1 CONNECT ("MQIsdp", level 3), client id "old"
const CONNECT_31 = '101100064d5149736470030200780003 6f6c64';

test('CONNECT of 3.1.1, 5.0 and 3.1: version and client id', () => {
  for (const [hex, version, id] of [
    [CONNECT_311, 4, 'sensor-7'],
    [CONNECT_5, 5, 'c1'],
    [CONNECT_31, 3, 'old'],
  ] as const) {
    const r = feed(mqtt, makeFlow(6, 50000, 1883), [{ dir: 0, hex }]);
    assert.equal(r.verdict, Verdict.Yes, hex);
    assert.equal(r.flow.meta.other?.['mqtt.version'], version);
    assert.equal(r.flow.meta.other?.['mqtt.client_id'], id);
  }
});

test('a CONNECT split after the fixed header waits', () => {
  const b = bytes(CONNECT_311);
  assert.equal(mqttConnect(b, 0, 3), -1);
  const r = feed(mqtt, makeFlow(6, 50000, 1883), [b.subarray(0, 3), b.subarray(3)], [0, 0]);
  assert.equal(r.verdict, Verdict.Yes);
});

test('other first packets are refused: PUBLISH, wrong name or level, reserved flag set', () => {
  assert.equal(mqttConnect(bytes('300a0003612f6268656c6c6f'), 0, 12), 0);
  assert.equal(mqttConnect(bytes(CONNECT_311.replace('4d515454', '4d515458')), 0, 22), 0);
  assert.equal(mqttConnect(bytes(CONNECT_311.replace('4d51545404', '4d51545409')), 0, 22), 0);
  assert.equal(mqttConnect(bytes(CONNECT_311.replace('4d5154540402', '4d5154540403')), 0, 22), 0);
  assert.equal(feed(mqtt, makeFlow(6, 50000, 1883), [{ dir: 1, hex: '20020000' }]).verdict, Verdict.No);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(mqtt, [CONNECT_311, CONNECT_5, CONNECT_31].map(bytes), [50000, 1883]) > 0);
});
