import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { kcp } from '../../lib/classify/protocols/kcp.js';

/** kcp.pcap frame 2: a bare KCP ACK (command 82, length 0) from port 8000. */
const ACK: CorpusPkt = { frame: 2, from: '::1:8000', to: '::1:47356', hex: '0a00000052007f0014000000000000000100000000000000' };

test('KCP: a header whose length field accounts for the whole datagram', () => {
  const r = drive(kcp, 17, [ACK]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('KCP'));
  const push = { ...ACK, hex: '0a00000051028000140000000000000000000000' + '04000000' + '01020304' };
  assert.equal(drive(kcp, 17, [push]).verdict, Verdict.Yes);
});

test('KCP: an unknown command or a length that does not fit is not KCP', () => {
  assert.equal(drive(kcp, 17, [{ ...ACK, hex: '0a00000055' + ACK.hex.slice(10) }]).verdict, Verdict.No);
  assert.equal(drive(kcp, 17, [{ ...ACK, hex: ACK.hex + '00' }]).verdict, Verdict.No);
});

test('KCP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(kcp, 17, [ACK]) > 0);
  assert.ok(hammer(kcp, 6, [ACK]) > 0);
});
