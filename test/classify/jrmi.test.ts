import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { jrmi } from '../../lib/classify/protocols/jrmi.js';
import { drive, hammer } from './dissector-harness.js';

const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:1099', hex: '4a524d4900024b' };

test('JRMI: the JRMI magic and protocol version', () => {
  const r = drive(jrmi, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('JRMI'));
});

test('JRMI: the bare magic, or another one, is not JRMI', () => {
  assert.equal(drive(jrmi, 6, [{ ...PKT, hex: '4a524d49' }]).verdict, Verdict.No);
  assert.equal(drive(jrmi, 6, [{ ...PKT, hex: '4a524d4a00024b' }]).verdict, Verdict.No);
});

test('JRMI: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(jrmi, 6, [PKT]) > 0);
});
