import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { collectd } from '../../lib/classify/protocols/collectd.js';
import { COLLECTD_PARTS } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('collectd: a datagram of host, time, interval, plugin … parts', () => {
  const r = drive(collectd, 17, COLLECTD_PARTS);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('collectd'));
  assert.equal(r.flow.host, 'devlap.fritz.box');
});

test('collectd: an unknown part type early, or too few parts, is not collectd', () => {
  const h = COLLECTD_PARTS[0].hex;
  assert.equal(drive(collectd, 17, [{ ...COLLECTD_PARTS[0], hex: '0777' + h.slice(4) }]).verdict, Verdict.No);
  assert.equal(drive(collectd, 17, [{ ...COLLECTD_PARTS[0], hex: h.slice(0, 42 * 2) }]).verdict, Verdict.No);
});

test('collectd: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(collectd, 17, COLLECTD_PARTS) > 0);
});
