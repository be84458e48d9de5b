import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { tocaBoca } from '../../lib/classify/protocols/toca-boca.js';

/** toca-boca.pcap frame 1 (first 56 bytes): FF FF 00 01 … 02 FF 01 04 at offset 12. */
const PKT: CorpusPkt = {
  frame: 1,
  from: '192.168.2.100:50173',
  to: '91.199.81.225:5055',
  hex: 'ffff00010000000422b6e6ba02ff01040000002c00000001000004b000008000000000020000000000000000000013880000000200000000',
};

test('TocaBoca: the FF FF 00 01 opening', () => {
  const r = drive(tocaBoca, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TocaBoca'));
});

test('TocaBoca: eight 0x7D bytes; the opening only counts first', () => {
  assert.equal(drive(tocaBoca, 17, [{ ...PKT, hex: '7d'.repeat(8) + '0000000000' }]).verdict, Verdict.Yes);
  const other = { ...PKT, hex: '00'.repeat(20) };
  assert.equal(drive(tocaBoca, 17, [other, PKT]).verdict, Verdict.No);
});

test('TocaBoca: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(tocaBoca, 17, [PKT]) > 0);
});
