import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { h323 } from '../../lib/classify/protocols/h323.js';

/** h323.pcap: an H.245 TPKT (OID 00 08 81 75) on a dynamic port, and an H.225.0 RAS datagram to 1719. */
const H245: readonly CorpusPkt[] = [
  { frame: 25, from: '10.1.6.18:1232', to: '10.1.3.143:32804', hex: '0300001c0230010600088175000500801bc520401d00800000001bc5' },
];
const RAS: readonly CorpusPkt[] = [
  { frame: 59, from: '17.2.0.124:2034', to: '17.2.0.161:1719', hex: '02200000060008914a0004001102007c07f22200ae01003d0001030085c89a51208003014000' },
];

test('H323: H.245 in a TPKT, and an H.225.0 RAS message on port 1719', () => {
  const r = drive(h323, 6, H245);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('H323'));
  assert.equal(drive(h323, 17, RAS).verdict, Verdict.Yes);
});

test('H323: Q.931 call signalling (discriminator 0x08) in a TPKT', () => {
  const q931 = '03000018' + '08' + '02' + '0001' + '05' + '04038090a2' + '00'.repeat(10);
  assert.equal(drive(h323, 6, [{ ...H245[0], hex: q931 }]).verdict, Verdict.Yes);
});

test('H323: a TPKT length that does not fit, or RAS off port 1719, is not H323', () => {
  assert.equal(drive(h323, 6, [{ ...H245[0], hex: '0300001d' + H245[0].hex.slice(8) }]).verdict, Verdict.No);
  assert.equal(drive(h323, 17, [{ ...RAS[0], to: '17.2.0.161:1718' }]).verdict, Verdict.No);
});

test('H323: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(h323, 6, H245) > 0);
  assert.ok(hammer(h323, 17, RAS) > 0);
});
