import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { gearman } from '../../lib/classify/protocols/gearman.js';
import { GEARMAN_SUBMIT } from './enterprise-synth.js';
import { drive, hammer } from './dissector-harness.js';

test('Gearman: a binary request with the \\0REQ magic', () => {
  const r = drive(gearman, 6, GEARMAN_SUBMIT);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Gearman'));
});

test('Gearman: another magic or a short packet is not Gearman', () => {
  assert.equal(drive(gearman, 6, [{ ...GEARMAN_SUBMIT[0], hex: '00524558' + GEARMAN_SUBMIT[0].hex.slice(8) }]).verdict, Verdict.No);
  assert.equal(drive(gearman, 6, [{ ...GEARMAN_SUBMIT[0], hex: GEARMAN_SUBMIT[0].hex.slice(0, 24) }]).verdict, Verdict.No);
});

test('Gearman: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(gearman, 6, GEARMAN_SUBMIT) > 0);
});
