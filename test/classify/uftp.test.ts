import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { uftp } from '../../lib/classify/protocols/uftp.js';
import { UFTP_ANNOUNCE } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('UFTP: an announce datagram (version 0x40, type repeated at offset 16)', () => {
  const r = drive(uftp, 17, UFTP_ANNOUNCE);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('UFTP'));
});

test('UFTP: another version or a mismatched type copy is not UFTP', () => {
  const h = UFTP_ANNOUNCE[0].hex;
  assert.equal(drive(uftp, 17, [{ ...UFTP_ANNOUNCE[0], hex: '41' + h.slice(2) }]).verdict, Verdict.No);
  assert.equal(drive(uftp, 17, [{ ...UFTP_ANNOUNCE[0], hex: h.slice(0, 32) + '02' + h.slice(34) }]).verdict, Verdict.No);
});

test('UFTP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(uftp, 17, UFTP_ANNOUNCE) > 0);
});
