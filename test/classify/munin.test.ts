import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { munin } from '../../lib/classify/protocols/munin.js';
import { MUNIN_BANNER } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Munin: the node banner names the host', () => {
  const r = drive(munin, 6, MUNIN_BANNER);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Munin'));
  assert.equal(r.flow.host, 'kibana-node01');
});

test('Munin: another comment line is not Munin', () => {
  assert.equal(drive(munin, 6, [{ ...MUNIN_BANNER[0], hex: Buffer.from('# munin nodes at x\n').toString('hex') }]).verdict, Verdict.No);
});

test('Munin: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(munin, 6, MUNIN_BANNER) > 0);
});
