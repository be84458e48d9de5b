import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { amongUs } from '../../lib/classify/protocols/among-us.js';

/** among_us.pcap frame 1: the handshake 08 00 01 00 80 D9 02 03 …. */
const HELLO: CorpusPkt = { frame: 1, from: '10.0.0.1:64260', to: '172.105.251.170:22023', hex: '0800010080d9020306414141414141' };

test('AmongUs: the handshake datagram', () => {
  const r = drive(amongUs, 17, [HELLO]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('AmongUs'));
});

test('AmongUs: another header, or 9 bytes only, is not it; garbage never throws', () => {
  assert.equal(drive(amongUs, 17, [{ ...HELLO, hex: '0800010080d9020406414141414141' }]).verdict, Verdict.No);
  assert.equal(drive(amongUs, 17, [{ ...HELLO, hex: HELLO.hex.slice(0, 18) }]).verdict, Verdict.No);
  assert.ok(hammer(amongUs, 17, [HELLO]) > 0);
});
