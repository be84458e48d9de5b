import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { oracle, oracleSegment } from '../../lib/classify/protocols/oracle.js';
import { drive, hammer } from './dissector-harness.js';

/** A TNS header on 1521: length 0x00f0 (240), type 1 (CONNECT), padded to 240 bytes. */
const CONNECT = '00f00000010000000000' + '00'.repeat(230);
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:1521', hex: CONNECT };

test('Oracle: a large TNS packet on port 1521', () => {
  const r = drive(oracle, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Oracle'));
});

test('Oracle: the 213-byte 00 D5 00 00 packet is Oracle on any port; short ones keep looking', () => {
  const b = Buffer.from('00d50000' + '00'.repeat(209), 'hex');
  assert.equal(oracleSegment(b, 0, 213, false), true);
  assert.equal(oracleSegment(Buffer.from(CONNECT, 'hex'), 0, 240, false), false);
  assert.equal(drive(oracle, 6, [{ ...PKT, hex: '0102030405' }]).verdict, Verdict.More);
});

test('Oracle: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(oracle, 6, [PKT]) > 0);
});
