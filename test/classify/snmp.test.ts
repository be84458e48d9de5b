import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { snmp } from '../../lib/classify/protocols/snmp.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { NTP_V4, SNMP_V1 } from './dhcp-stun-fixtures.js';
import { drive, hammer, hexBytes } from './dissector-harness.js';

test('SNMP: a v1 get-next is SNMP with version, community and PDU type', () => {
  const r = drive(snmp, 17, SNMP_V1);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('SNMP'));
  assert.equal(r.flow.meta.other?.['snmp.version'], '1');
  assert.equal(r.flow.meta.other?.['snmp.community'], 'public');
  assert.equal(r.flow.meta.other?.['snmp.pdu_type'], 'getnext');
});

test('SNMP: the response alone is SNMP too', () => {
  const r = drive(snmp, 17, SNMP_V1.slice(1));
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['snmp.pdu_type'], 'response');
});

test('SNMP: a wrong outer length, a bad version or other bytes are not SNMP', () => {
  const b = hexBytes(SNMP_V1[0].hex);
  const longer = Buffer.concat([b, Buffer.from([0])]).toString('hex');
  assert.equal(drive(snmp, 17, [{ ...SNMP_V1[0], hex: longer }]).verdict, Verdict.No);
  const v = b.slice();
  v[4] = 7; // version INTEGER value
  assert.equal(drive(snmp, 17, [{ ...SNMP_V1[0], hex: Buffer.from(v).toString('hex') }]).verdict, Verdict.No);
  assert.equal(drive(snmp, 17, [{ ...NTP_V4[0], from: '1.1.1.1:5000', to: '2.2.2.2:161' }]).verdict, Verdict.No);
});

test('SNMP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(snmp, 17, SNMP_V1) > 0);
});

test('SNMP: as nDPI, a v1/v2c flow is read until its first GetResponse, whose non-zero error-status is recorded', () => {
  // the request alone: SNMP, the response still to come
  assert.equal(drive(snmp, 17, SNMP_V1.slice(0, 1)).verdict, Verdict.YesMore);
  // frame 2's error-status (byte 23, after the request id) made noSuchName (2)
  const resp = hexBytes(SNMP_V1[1].hex);
  assert.equal(resp[23], 0);
  const err = resp.slice();
  err[23] = 2;
  const r = drive(snmp, 17, [SNMP_V1[0], { ...SNMP_V1[1], hex: Buffer.from(err).toString('hex') }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['snmp.error_status'], 2);
  assert.equal(r.flow.meta.other?.['snmp.pdu_type'], 'getnext'); // the first message's
  assert.equal(drive(snmp, 17, SNMP_V1).flow.meta.other?.['snmp.error_status'], undefined);
});
