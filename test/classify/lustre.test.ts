import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { lustre } from '../../lib/classify/protocols/lustre.js';
import { LUSTRE_HELLO } from './enterprise-synth.js';
import { drive, hammer } from './dissector-harness.js';

test('Lustre: the LNet hello addressed to the packet destination', () => {
  const r = drive(lustre, 6, LUSTRE_HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Lustre'));
});

test('Lustre: a hello for another address is not Lustre', () => {
  assert.equal(drive(lustre, 6, [{ ...LUSTRE_HELLO[0], to: '10.0.0.3:988' }]).verdict, Verdict.No);
});

test('Lustre: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(lustre, 6, LUSTRE_HELLO) > 0);
});
