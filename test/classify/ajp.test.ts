import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ajp, ajpHeader } from '../../lib/classify/protocols/ajp.js';
import { AJP_FORWARD } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('AJP: a CPING from the web server', () => {
  const r = drive(ajp, 6, AJP_FORWARD);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('AJP'));
});

test('AJP: a container code with the server magic, or length 0, is not AJP', () => {
  assert.equal(ajpHeader(Buffer.from('1234000109', 'hex'), 0, 5), false);
  assert.equal(ajpHeader(Buffer.from('4142000109', 'hex'), 0, 5), true);
  assert.equal(ajpHeader(Buffer.from('123400000a', 'hex'), 0, 5), false);
});

test('AJP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(ajp, 6, AJP_FORWARD) > 0);
});
