import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { ntp } from '../../lib/classify/protocols/ntp.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { NTP_V4, SIP_REGISTER } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('NTP: an NTPv4 client packet is NTP with version, mode and stratum', () => {
  const r = drive(ntp, 17, NTP_V4);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NTP'));
  assert.equal(r.flow.meta.other?.['ntp.version'], 4);
  assert.equal(r.flow.meta.other?.['ntp.mode'], 3);
  assert.equal(typeof r.flow.meta.other?.['ntp.stratum'], 'number');
});

test('NTP: port 123 is needed; a version above 4 or a short payload is not NTP', () => {
  assert.equal(drive(ntp, 17, [{ ...NTP_V4[0], from: '1.1.1.1:5000', to: '2.2.2.2:5001' }]).verdict, Verdict.No);
  const hex = '3b' + NTP_V4[0].hex.slice(2); // version 7
  assert.equal(drive(ntp, 17, [{ ...NTP_V4[0], hex }]).verdict, Verdict.No);
  // shorter than an NTP header (and not a control/private message)
  assert.equal(drive(ntp, 17, [{ ...NTP_V4[0], hex: NTP_V4[0].hex.slice(0, 40) }]).verdict, Verdict.No);
  // on another port, even a real NTP packet is left to others
  assert.equal(drive(ntp, 17, [{ ...SIP_REGISTER[0], hex: NTP_V4[0].hex, from: '1.1.1.1:5060', to: '2.2.2.2:5060' }]).verdict, Verdict.No);
});

test('NTP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(ntp, 17, NTP_V4) > 0);
});
