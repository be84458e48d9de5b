import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { megaco } from '../../lib/classify/protocols/megaco.js';

/** A Megaco (H.248 text) transaction from a media gateway (RFC 3525 example shape), synthesized. */
const MSG: readonly CorpusPkt[] = [
  { frame: 1, from: '124.124.124.222:2944', to: '123.123.123.4:2944', hex: Buffer.from('MEGACO/1 [124.124.124.222]:55555\nTransaction = 9998 {\n Context = - {\n  ServiceChange = ROOT {Services {Method=Restart}}}}\n').toString('hex') },
];

test('Megaco: the MEGACO/1 and the compact !/1 headers', () => {
  const r = drive(megaco, 17, MSG);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Megaco'));
  assert.equal(drive(megaco, 17, [{ ...MSG[0], hex: Buffer.from('!/1 [10.0.0.1]:2944 T=1{}').toString('hex') }]).verdict, Verdict.Yes);
});

test('Megaco: another version or no address bracket is not Megaco', () => {
  assert.equal(drive(megaco, 17, [{ ...MSG[0], hex: Buffer.from('MEGACO/2 [1.2.3.4]').toString('hex') }]).verdict, Verdict.No);
  assert.equal(drive(megaco, 17, [{ ...MSG[0], hex: Buffer.from('!/1 <gw1>').toString('hex') }]).verdict, Verdict.No);
});

test('Megaco: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(megaco, 17, MSG) > 0);
});
