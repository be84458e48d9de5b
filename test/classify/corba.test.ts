import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { corba } from '../../lib/classify/protocols/corba.js';
import { CORBA_GIOP, CORBA_MIOP } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('CORBA: a GIOP message over TCP, a MIOP datagram over UDP', () => {
  const t = drive(corba, 6, CORBA_GIOP);
  assert.equal(t.verdict, Verdict.Yes);
  assert.equal(t.flow.l7App, protocolId('Corba'));
  assert.equal(drive(corba, 17, CORBA_MIOP).verdict, Verdict.Yes);
});

test('CORBA: GIOP over UDP, MIOP over TCP and short GIOP segments are not CORBA', () => {
  assert.equal(drive(corba, 17, CORBA_GIOP).verdict, Verdict.No);
  assert.equal(drive(corba, 6, CORBA_MIOP).verdict, Verdict.No);
  assert.equal(drive(corba, 6, [{ ...CORBA_GIOP[0], hex: CORBA_GIOP[0].hex.slice(0, 40) }]).verdict, Verdict.No);
});

test('CORBA: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(corba, 6, CORBA_GIOP) > 0);
  assert.ok(hammer(corba, 17, CORBA_MIOP) > 0);
});
