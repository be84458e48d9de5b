import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { vnc, rfbBanner } from '../../lib/classify/protocols/vnc.js';
import { VNC_BANNERS } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('VNC: RFB banners from both sides', () => {
  const r = drive(vnc, 6, VNC_BANNERS);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('VNC'));
});

test('VNC: one banner waits; a malformed or repeated banner is not VNC', () => {
  assert.equal(drive(vnc, 6, [VNC_BANNERS[0]]).verdict, Verdict.More);
  assert.equal(rfbBanner(Buffer.from('RFB 003.0x8\n'), 0, 12), false);
  assert.equal(rfbBanner(Buffer.from('RFB 003.008\n'), 0, 12), true);
  // a second banner from the same side is not the handshake nDPI waits for
  assert.equal(drive(vnc, 6, [VNC_BANNERS[0], { ...VNC_BANNERS[0] }]).verdict, Verdict.No);
});

test('VNC: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(vnc, 6, VNC_BANNERS) > 0);
});
