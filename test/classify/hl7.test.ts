import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { hl7 } from '../../lib/classify/protocols/hl7.js';
import { HL7_MSG } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('HL7: an MLLP message with its MSH segment', () => {
  const r = drive(hl7, 6, HL7_MSG);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('HL7'));
});

test('HL7: a short segment, or one without MSH|^~\\&|, is not HL7', () => {
  assert.equal(drive(hl7, 6, [{ ...HL7_MSG[0], hex: HL7_MSG[0].hex.slice(0, 180) }]).verdict, Verdict.No);
  assert.equal(drive(hl7, 6, [{ ...HL7_MSG[0], hex: '0b4d5349' + HL7_MSG[0].hex.slice(8) }]).verdict, Verdict.No);
});

test('HL7: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(hl7, 6, HL7_MSG) > 0);
});
