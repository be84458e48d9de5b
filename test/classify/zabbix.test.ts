import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { zabbix } from '../../lib/classify/protocols/zabbix.js';
import { ZABBIX_REQ } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Zabbix: a ZBXD header (compressed, flags 0x03)', () => {
  const r = drive(zabbix, 6, ZABBIX_REQ);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Zabbix'));
  assert.equal(drive(zabbix, 6, [{ ...ZABBIX_REQ[0], hex: '5a4258440100000000' }]).verdict, Verdict.Yes);
});

test('Zabbix: flags without the protocol bit, or another magic, are not Zabbix', () => {
  assert.equal(drive(zabbix, 6, [{ ...ZABBIX_REQ[0], hex: '5a4258440200000000' }]).verdict, Verdict.No);
  assert.equal(drive(zabbix, 6, [{ ...ZABBIX_REQ[0], hex: '5a4258450100000000' }]).verdict, Verdict.No);
});

test('Zabbix: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(zabbix, 6, ZABBIX_REQ) > 0);
});
