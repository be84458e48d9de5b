import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { nintendo } from '../../lib/classify/protocols/nintendo.js';

/** nintendo.pcap frame 187: the first datagram of a Switch online session (32 AB 98 64 02 …). */
const PKT: CorpusPkt = {
  frame: 187,
  from: '192.168.12.114:55915',
  to: '185.118.169.65:27520',
  hex:
      '32ab986402000000ecc00000895c564c741760b90c98486fdd31610a8f43f745f0a965db80e9590f1fc777ee2b5f9843518e' +
      'b07c54010191385e725aceeb09cdb5509e17af810a698d5cddbd',
};

test('Nintendo: a datagram over 48 bytes starting 32 AB 98 64 02', () => {
  const r = drive(nintendo, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Nintendo'));
  assert.equal(r.flow.l7Master, 0);
});

test('Nintendo: another fifth byte, or 48 bytes only, is not Nintendo', () => {
  assert.equal(drive(nintendo, 17, [{ ...PKT, hex: '32ab986403' + PKT.hex.slice(10) }]).verdict, Verdict.No);
  assert.equal(drive(nintendo, 17, [{ ...PKT, hex: PKT.hex.slice(0, 96) }]).verdict, Verdict.No);
});

test('Nintendo: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(nintendo, 17, [PKT]) > 0);
});
