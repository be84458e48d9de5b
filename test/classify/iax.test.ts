import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { iax } from '../../lib/classify/protocols/iax.js';

/** iax.pcap: a NEW full frame from port 4569 with information elements, and the 12-byte ACK. */
const NEW: readonly CorpusPkt[] = [
  { frame: 1, from: '82.110.36.84:4569', to: '192.168.2.120:4566', hex: '8004000000000001000006010b020002010c343432303838323035313535020c34343737383232363739343904000a02656eff04000000020c0200001f040b0c55d6' },
  { frame: 2, from: '192.168.2.120:4566', to: '82.110.36.84:4569', hex: '801700040000000100010604' },
];

test('IAX: a control full frame whose elements fill the datagram', () => {
  const r = drive(iax, 17, NEW.slice(0, 1));
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('IAX'));
  assert.equal(drive(iax, 17, NEW.slice(1)).verdict, Verdict.Yes);
});

test('IAX: off port 4569, or with an element overrunning the datagram, is not IAX', () => {
  const moved = { ...NEW[0], from: '82.110.36.84:4570' };
  assert.equal(drive(iax, 17, [moved]).verdict, Verdict.No);
  assert.equal(drive(iax, 17, [{ ...NEW[0], hex: NEW[0].hex.slice(0, -2) }]).verdict, Verdict.No);
  assert.equal(drive(iax, 17, [{ ...NEW[1], hex: NEW[1].hex.slice(0, 20) + '07' + NEW[1].hex.slice(22) }]).verdict, Verdict.No);
});

test('IAX: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(iax, 17, NEW) > 0);
});
