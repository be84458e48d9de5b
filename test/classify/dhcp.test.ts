import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { dhcp } from '../../lib/classify/protocols/dhcp.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { DHCP_DISCOVER, DHCP_OFFER, NTP_V4 } from './dhcp-stun-fixtures.js';
import { drive, hammer, hexBytes } from './dissector-harness.js';

test('DHCP: a Discover is DHCP, with host name, vendor class absent, fingerprint', () => {
  const r = drive(dhcp, 17, DHCP_DISCOVER);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('DHCP'));
  assert.equal(r.flow.l7Master, 0);
  // option 12 of this packet reads "Lucas-iMac"; nDPI prints the host name lower-cased
  assert.equal(r.flow.meta.other?.['dhcp.hostname'], 'Lucas-iMac');
  assert.equal(r.flow.host, 'lucas-imac');
  assert.equal(r.flow.meta.other?.['dhcp.msg_type'], 1);
  assert.match(String(r.flow.meta.other?.['dhcp.fingerprint']), /^1,121,3,6,15/);
  assert.equal(r.flow.meta.other?.['dhcp.vendor_class'], undefined);
});

test('DHCP: the server reply is DHCP without a host name', () => {
  const r = drive(dhcp, 17, DHCP_OFFER);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.host, '');
  assert.equal(r.flow.meta.other?.['dhcp.msg_type'], 2);
});

test('DHCP: vendor class (option 60) is recorded', () => {
  const b = hexBytes(DHCP_DISCOVER[0].hex);
  // replace the end option by a vendor class option: 60, 4, "MSFT", 255
  const end = b.indexOf(0xff, 240);
  const c = new Uint8Array(b.length + 6);
  c.set(b.subarray(0, end));
  c.set([60, 4, 0x4d, 0x53, 0x46, 0x54, 0xff], end);
  const r = drive(dhcp, 17, [{ ...DHCP_DISCOVER[0], hex: Buffer.from(c).toString('hex') }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['dhcp.vendor_class'], 'MSFT');
});

test('DHCP: not DHCP without the magic cookie, on other ports, or for NTP bytes', () => {
  const b = hexBytes(DHCP_DISCOVER[0].hex);
  b[236] = 0;
  assert.equal(drive(dhcp, 17, [{ ...DHCP_DISCOVER[0], hex: Buffer.from(b).toString('hex') }]).verdict, Verdict.No);
  assert.equal(drive(dhcp, 17, [{ ...DHCP_DISCOVER[0], to: '255.255.255.255:6767' }]).verdict, Verdict.No);
  assert.equal(drive(dhcp, 17, [{ ...NTP_V4[0], from: '1.2.3.4:68', to: '1.2.3.5:67' }]).verdict, Verdict.No);
});

test('DHCP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(dhcp, 17, [...DHCP_DISCOVER, ...DHCP_OFFER]) > 0);
});
