import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { skinny } from '../../lib/classify/protocols/skinny.js';

/** sccp_hw_conf_register.pcapng: a Register message to port 2000 (length, version, message id). */
const REGISTER: readonly CorpusPkt[] = [
  { frame: 4, from: '10.180.110.58:46461', to: '10.180.110.48:2000', hex: '8000000000000000010000004e4f4e5345435552455f434f4e4600000000000001000000ac126e3a3400000008000000000000001202010080007f3a555981c000000000000000000000000002000000006616f900000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000' },
];

test('CiscoSkinny: the SCCP header with a fitting length', () => {
  const r = drive(skinny, 6, REGISTER);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('CiscoSkinny'));
});

test('CiscoSkinny: another port, a wrong length or version is not Skinny', () => {
  assert.equal(drive(skinny, 6, [{ ...REGISTER[0], to: '10.180.110.48:2001' }]).verdict, Verdict.No);
  assert.equal(drive(skinny, 6, [{ ...REGISTER[0], hex: '81' + REGISTER[0].hex.slice(2) }]).verdict, Verdict.No);
  assert.equal(drive(skinny, 6, [{ ...REGISTER[0], hex: REGISTER[0].hex.slice(0, 8) + '01' + REGISTER[0].hex.slice(10) }]).verdict, Verdict.No);
});

test('CiscoSkinny: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(skinny, 6, REGISTER) > 0);
});
