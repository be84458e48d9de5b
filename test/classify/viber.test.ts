import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { viber } from '../../lib/classify/protocols/viber.js';

/** viber.pcap: a client's first packet to port 5242 (length prefix 0x18, FC FF at 6, 0x80 at 9). */
const HELLO: readonly CorpusPkt[] = [
  { frame: 443, from: '192.168.2.100:41184', to: '52.0.252.2:5242', hex: '180000000000fcff05800900000000000000000033000000' },
];

test('Viber: a length-prefixed TCP packet with FC FF … 80', () => {
  const r = drive(viber, 6, HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Viber'));
});

test('Viber: a wrong length prefix or marker is not Viber', () => {
  assert.equal(drive(viber, 6, [{ ...HELLO[0], hex: '19' + HELLO[0].hex.slice(2) }]).verdict, Verdict.No);
  assert.equal(drive(viber, 6, [{ ...HELLO[0], hex: HELLO[0].hex.slice(0, 12) + 'fcfe' + HELLO[0].hex.slice(16) }]).verdict, Verdict.No);
});

test('Viber: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(viber, 6, HELLO) > 0);
});
