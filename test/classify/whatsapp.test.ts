import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { whatsapp } from '../../lib/classify/protocols/whatsapp.js';

/** whatsapp_voice_and_message.pcap: the client's first packet to port 5222 ("WA" 01 05 …). */
const WA: readonly CorpusPkt[] = [
  { frame: 124, from: '10.8.0.1:42241', to: '173.192.222.189:5222', hex: '57410105000017f80501a59189fc0f416e64726f69642d322e31322e3834000019f8029cf804f801fc0770726976616379f80180f80140f80178000071f8060cb5ff875521982901510f56bffc60bff7016fa3c231fbacff3843d1e4febaccbafc17885f0db195c2b2b1bde9f61f9065034911df325fa1ce3dcc3b34d47044404bcbdc89233028677c8e1d719ab1b7c46803459a2cdf4ddd6a574a00e3f7712470206165a24bde3bd7fc782e18bd' },
];

test('WhatsApp: the old "WA" 01 05 header', () => {
  const r = drive(whatsapp, 6, WA);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('WhatsApp'));
});

test('WhatsApp: the Noise prologue ED 00 01 00 00 04 08, also split over two packets', () => {
  const pkt = { frame: 1, from: '10.0.0.2:40000', to: '157.240.1.53:443', hex: '45440001000004081a2b3c' };
  assert.equal(drive(whatsapp, 6, [pkt]).verdict, Verdict.Yes);
  const r = drive(whatsapp, 6, [{ ...pkt, hex: '454400' }, { ...pkt, hex: '0100000208' }]);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.Yes]);
});

test('WhatsApp: a different prologue, or one after the third packet, is not WhatsApp', () => {
  const pkt = { frame: 1, from: '10.0.0.2:40000', to: '157.240.1.53:443', hex: '45440001000005081a2b3c' };
  assert.equal(drive(whatsapp, 6, [pkt]).verdict, Verdict.No);
  const r = drive(whatsapp, 6, [{ ...pkt, hex: '45' }, { ...pkt, hex: '44' }, { ...pkt, hex: '00' }, { ...pkt, hex: '0100000408' }]);
  assert.equal(r.verdict, Verdict.No);
});

test('WhatsApp: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(whatsapp, 6, WA) > 0);
});
