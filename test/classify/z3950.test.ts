import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { z3950 } from '../../lib/classify/protocols/z3950.js';
import { Z3950_SESSION } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Z39.50: four well-formed PDUs, both directions seen', () => {
  const r = drive(z3950, 6, Z3950_SESSION);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Z3950'));
});

test('Z39.50: the same PDUs from one side only are not enough; a bad PDU tag rules it out', () => {
  const oneSide = Z3950_SESSION.filter((p) => p.from === Z3950_SESSION[0].from);
  const r = drive(z3950, 6, [...oneSide, ...oneSide]);
  assert.notEqual(r.verdict, Verdict.Yes);
  assert.equal(drive(z3950, 6, [{ ...Z3950_SESSION[0], hex: '01' + Z3950_SESSION[0].hex.slice(2) }]).verdict, Verdict.No);
});

test('Z39.50: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(z3950, 6, Z3950_SESSION) > 0);
});
