import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { lotusNotes } from '../../lib/classify/protocols/lotus-notes.js';
import { NOTES_HELLO } from './enterprise-synth.js';
import { drive, hammer } from './dissector-harness.js';

test('LotusNotes: the NRPC header at offset 6 of the first segment', () => {
  const r = drive(lotusNotes, 6, NOTES_HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('LotusNotes'));
});

test('LotusNotes: not without the TCP handshake, not with another header', () => {
  assert.notEqual(drive(lotusNotes, 6, NOTES_HELLO, { syn: false }).verdict, Verdict.Yes);
  const h = NOTES_HELLO[0].hex;
  assert.notEqual(drive(lotusNotes, 6, [{ ...NOTES_HELLO[0], hex: h.slice(0, 12) + '01' + h.slice(14) }]).verdict, Verdict.Yes);
});

test('LotusNotes: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(lotusNotes, 6, NOTES_HELLO) > 0);
});
