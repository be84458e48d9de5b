import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { kismet } from '../../lib/classify/protocols/kismet.js';
import { KISMET_GREETING } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Kismet: the server greeting', () => {
  const r = drive(kismet, 6, KISMET_GREETING);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Kismet'));
});

test('Kismet: another first line is not Kismet', () => {
  assert.equal(drive(kismet, 6, [{ ...KISMET_GREETING[0], hex: Buffer.from('*TIME: 1144004385\n').toString('hex') }]).verdict, Verdict.No);
});

test('Kismet: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(kismet, 6, KISMET_GREETING) > 0);
});
