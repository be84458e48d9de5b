import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { dhcpv6 } from '../../lib/classify/protocols/dhcpv6.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { DHCPV6_SOLICIT } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('DHCPv6: a Solicit from 546 to 547 is DHCPV6', () => {
  const r = drive(dhcpv6, 17, DHCPV6_SOLICIT);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('DHCPV6'));
  assert.equal(r.flow.meta.other?.['dhcpv6.msg_type'], 1);
});

test('DHCPv6: other ports or an unknown message type are not DHCPv6', () => {
  assert.equal(drive(dhcpv6, 17, [{ ...DHCPV6_SOLICIT[0], to: 'ff02::1:2:5547' }]).verdict, Verdict.No);
  const hex = 'ff' + DHCPV6_SOLICIT[0].hex.slice(2);
  assert.equal(drive(dhcpv6, 17, [{ ...DHCPV6_SOLICIT[0], hex }]).verdict, Verdict.No);
});

test('DHCPv6: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(dhcpv6, 17, DHCPV6_SOLICIT) > 0);
});
