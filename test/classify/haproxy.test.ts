import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { haproxy } from '../../lib/classify/protocols/haproxy.js';
import { HAPROXY_V1 } from './enterprise-fixtures.js';
import { HAPROXY_V2 } from './enterprise-synth.js';
import { drive, hammer } from './dissector-harness.js';

test('HAProxy: a PROXY TCP4 line followed by the proxied bytes', () => {
  const r = drive(haproxy, 6, HAPROXY_V1);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('HAProxy'));
});

test('HAProxy: the PROXY line alone, or without CRLF, is not enough', () => {
  const line = Buffer.from('PROXY TCP4 1.2.3.4 5.6.7.8 1000 443\r\n').toString('hex');
  assert.equal(drive(haproxy, 6, [{ ...HAPROXY_V1[0], hex: line }]).verdict, Verdict.No);
  assert.equal(drive(haproxy, 6, [{ ...HAPROXY_V1[0], hex: line.slice(0, -4) + '2020' }]).verdict, Verdict.No);
});

test('HAProxy: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(haproxy, 6, HAPROXY_V1) > 0);
});

test('HAProxy: the PROXY protocol v2 binary signature', () => {
  const r = drive(haproxy, 6, HAPROXY_V2);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(drive(haproxy, 6, [{ ...HAPROXY_V2[0], hex: '0d0a0d0a000d0a515549540b' }]).verdict, Verdict.No);
});
