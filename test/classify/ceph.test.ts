import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ceph } from '../../lib/classify/protocols/ceph.js';
import { CEPH_BANNER } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Ceph: the messenger banner', () => {
  const r = drive(ceph, 6, CEPH_BANNER);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Ceph'));
});

test('Ceph: the bare prefix or another banner is not Ceph', () => {
  assert.equal(drive(ceph, 6, [{ ...CEPH_BANNER[0], hex: Buffer.from('ceph v').toString('hex') }]).verdict, Verdict.No);
  assert.equal(drive(ceph, 6, [{ ...CEPH_BANNER[0], hex: Buffer.from('cepx v027').toString('hex') }]).verdict, Verdict.No);
});

test('Ceph: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(ceph, 6, CEPH_BANNER) > 0);
});
