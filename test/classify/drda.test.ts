import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { drda, drdaChain } from '../../lib/classify/protocols/drda.js';
import { DRDA_EXCSAT } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('DRDA: a chain of DDM headers filling the segment', () => {
  const r = drive(drda, 6, DRDA_EXCSAT);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('DRDA'));
});

test('DRDA: a chain that overruns the segment or lacks the 0xD0 magic is not DRDA', () => {
  const h = DRDA_EXCSAT[0].hex;
  const b = Buffer.from(h, 'hex');
  assert.equal(drdaChain(b, 0, b.length - 1), false);
  const noMagic = Buffer.from(h.slice(0, 4) + 'd1' + h.slice(6), 'hex');
  assert.equal(drdaChain(noMagic, 0, noMagic.length), false);
});

test('DRDA: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(drda, 6, DRDA_EXCSAT) > 0);
});
