import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { natpmp, natpmpType } from '../../lib/classify/protocols/natpmp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// natpmp.pcap: external address request and its response
const REQ = '0000';
const RESP = '00800000002b3add0ac9d5ae';
// a UDP mapping request: internal port 5000, external 5000, lifetime 3600
const MAP = '00010000138813880000' + '0e10';

test('on port 5351: the address request and response', () => {
  const r = feed(natpmp, makeFlow(17, 36852, 5351), [{ dir: 0, hex: REQ }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NAT-PMP'));
  assert.equal(feed(natpmp, makeFlow(17, 36852, 5351), [{ dir: 1, hex: RESP }]).verdict, Verdict.Yes);
});

test('off the port: a mapping message decides only from the third packet on', () => {
  const r = feed(natpmp, makeFlow(17, 40000, 40001), [{ dir: 0, hex: MAP }, { dir: 0, hex: MAP }, { dir: 0, hex: MAP }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['natpmp.internal_port'], 5000);
  assert.equal(feed(natpmp, makeFlow(17, 40000, 40001), [{ dir: 0, hex: MAP }]).verdict, Verdict.More);
});

test('wrong sizes, versions or result codes are refused', () => {
  assert.equal(natpmpType(bytes('000000'), 0, 3), -1);
  assert.equal(natpmpType(bytes('0100'), 0, 2), -1);
  assert.equal(natpmpType(bytes('00800006002b3add0ac9d5ae'), 0, 12), -1);
  assert.equal(feed(natpmp, makeFlow(17, 36852, 5351), [{ dir: 0, hex: '0003' }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(natpmp, [bytes(REQ), bytes(RESP), bytes(MAP)], [36852, 5351]) > 0);
});
