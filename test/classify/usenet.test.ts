import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { usenet } from '../../lib/classify/protocols/usenet.js';
import { NNTP_START } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Usenet: the 200 greeting then MODE READER from the client', () => {
  const r = drive(usenet, 6, NNTP_START);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Usenet'));
});

test('Usenet: another command after the greeting, or no greeting, is not Usenet', () => {
  const list = { ...NNTP_START[1], hex: Buffer.from('LIST\r\n').toString('hex') };
  assert.equal(drive(usenet, 6, [NNTP_START[0], list]).verdict, Verdict.No);
  assert.equal(drive(usenet, 6, [NNTP_START[1]]).verdict, Verdict.No);
});

test('Usenet: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(usenet, 6, NNTP_START) > 0);
});
