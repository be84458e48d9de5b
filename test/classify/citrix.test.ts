import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { citrix, citrixSegment } from '../../lib/classify/protocols/citrix.js';
import { CITRIX_ICA } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Citrix: the ICA banner', () => {
  const r = drive(citrix, 6, CITRIX_ICA);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Citrix'));
});

test('Citrix: CGP/01 and the TcpProxyService string in longer segments; short ones rule it out', () => {
  const cgp = Buffer.concat([Buffer.from('1a4347502f3031', 'hex'), Buffer.alloc(20)]);
  assert.equal(citrixSegment(cgp, 0, cgp.length), 1);
  const proxy = Buffer.from('xxxx Citrix.TcpProxyService yyyy');
  assert.equal(citrixSegment(proxy, 0, proxy.length), 1);
  assert.equal(citrixSegment(Buffer.from('7f7f49434101', 'hex'), 0, 6), 0);
  assert.equal(drive(citrix, 6, [{ ...CITRIX_ICA[0], hex: '0102030405060708' }]).verdict, Verdict.No);
});

test('Citrix: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(citrix, 6, CITRIX_ICA) > 0);
});
