import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applePush } from '../../lib/classify/protocols/apple-push.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import { Verdict } from '../../lib/classify/dissector.js';
import { drive, hammer } from './dissector-harness.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';

// any payload: nDPI looks at the addresses and ports only (a TLS record header here)
const HEX = '1603010200010001fc0303';
const pkt = (from: string, to: string): CorpusPkt => ({ frame: 0, from, to, hex: HEX });

test('ApplePush: port 5223 or 2197 to or from 17.0.0.0/8', () => {
  for (const p of [pkt('192.168.2.12:49354', '17.242.60.84:5223'), pkt('17.110.229.14:5223', '192.168.2.4:49193'), pkt('10.0.0.2:50000', '17.1.2.3:2197')]) {
    const r = drive(applePush, 6, [p]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(l7ProtoName(r.flow.l7Master, r.flow.l7App), 'ApplePush');
  }
});

test('ApplePush: the IPv6 push prefixes', () => {
  const r = drive(applePush, 6, [pkt('2001:db8::1:50000', '2620:149:a44:1::5:5223')]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(drive(applePush, 6, [pkt('2001:db8::1:50000', '2620:149:a45::5:5223')]).verdict, Verdict.No);
});

test('ApplePush: other addresses or ports are not', () => {
  assert.equal(drive(applePush, 6, [pkt('192.168.2.12:49354', '18.242.60.84:5223')]).verdict, Verdict.No);
  assert.equal(drive(applePush, 6, [pkt('192.168.2.12:49354', '17.242.60.84:443')]).verdict, Verdict.No);
  assert.ok(hammer(applePush, 6, [pkt('192.168.2.12:49354', '17.242.60.84:5223')]) > 0);
});
