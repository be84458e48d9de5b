import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { netbios, netbiosName } from '../../lib/classify/protocols/netbios.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { NBDGM_SMB, NBNS_QUERY, NBSS_REQUEST, SSDP_MSEARCH } from './dhcp-stun-fixtures.js';
import { drive, hammer, hexBytes } from './dissector-harness.js';

test('NetBIOS: a name registration to 137 is NetBIOS, the decoded name is the host', () => {
  const r = drive(netbios, 17, NBNS_QUERY);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NetBIOS'));
  assert.equal(r.flow.l7Master, 0);
  assert.equal(r.flow.host, netbiosName(hexBytes(NBNS_QUERY[0].hex), 12, 50).toLowerCase());
  assert.match(r.flow.host, /^[a-z0-9_]+$/);
});

test('NetBIOS: a datagram to 138 carrying SMB is NetBIOS.SMBv1 (nDPI\'s naming)', () => {
  const r = drive(netbios, 17, NBDGM_SMB);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7Master, protocolId('NetBIOS'));
  assert.equal(r.flow.l7App, protocolId('SMBv1'));
  assert.ok(r.flow.host.length > 0);
});

test('NetBIOS: the datagram needs the sender address in its header', () => {
  const r = drive(netbios, 17, [{ ...NBDGM_SMB[0], from: '10.9.9.9:138' }]);
  assert.equal(r.verdict, Verdict.No);
});

test('NetBIOS: a session request to TCP 139 is NetBIOS', () => {
  const r = drive(netbios, 6, NBSS_REQUEST);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NetBIOS'));
  assert.ok(String(r.flow.meta.other?.['netbios.called_name']).length > 0);
});

test('NetBIOS: first-level name decoding (RFC 1001 §14.1)', () => {
  // "FRED" padded with spaces: F=0x46 → 'E','G'; R=0x52 → 'F','C'; …; ' '=0x20 → 'C','A'
  const enc = 'EGFCEFEE' + 'CA'.repeat(12);
  const b = new Uint8Array([32, ...Buffer.from(enc, 'latin1')]);
  assert.equal(netbiosName(b, 0, b.length), 'FRED');
  assert.equal(netbiosName(b, 0, 10), ''); // cut short
  assert.equal(netbiosName(new Uint8Array([32, 0x5a, 0x5a]), 0, 3), '');
});

test('NetBIOS: other payloads are not NetBIOS', () => {
  assert.equal(drive(netbios, 17, [{ ...SSDP_MSEARCH[0], to: '10.0.0.255:137' }]).verdict, Verdict.No);
  assert.equal(drive(netbios, 6, [{ ...NBSS_REQUEST[0], hex: '85000000' }]).verdict, Verdict.No);
});

test('NetBIOS: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(netbios, 17, [...NBNS_QUERY, ...NBDGM_SMB]) > 0);
  assert.ok(hammer(netbios, 6, NBSS_REQUEST) > 0);
});
