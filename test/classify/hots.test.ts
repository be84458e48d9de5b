import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { hots } from '../../lib/classify/protocols/hots.js';

/** hots.pcapng frame 36: 14 zero bytes, 40 00, from port 1119. */
const PKT: CorpusPkt = {
  frame: 36,
  from: '192.168.0.73:50609',
  to: '24.105.57.183:1119',
  hex: '0000000000000000000000000000400009ef65de',
};

test('Heroes of the Storm: the zero-prefixed 40 00 datagram on port 1119', () => {
  const r = drive(hots, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Heroes_of_the_Storm'));
});

test('Heroes of the Storm: 03 00 at offset 2 also; not on other ports, not without 40 00', () => {
  assert.equal(drive(hots, 17, [{ ...PKT, hex: '11220300' + PKT.hex.slice(8) }]).verdict, Verdict.Yes);
  assert.equal(drive(hots, 17, [{ ...PKT, to: '24.105.57.183:1121' }]).verdict, Verdict.No);
  assert.equal(drive(hots, 17, [{ ...PKT, hex: PKT.hex.slice(0, 28) + '4100' + PKT.hex.slice(32) }]).verdict, Verdict.No);
});

test('Heroes of the Storm: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(hots, 17, [PKT]) > 0);
});
