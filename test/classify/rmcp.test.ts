import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { rmcp } from '../../lib/classify/protocols/rmcp.js';
import { drive, hammer } from './dissector-harness.js';

/** An ASF Presence Ping (RMCP version 6, sequence 0xff, class 6) then the ASF body. */
const PING = '0600ff06' + '000011be80c40000';
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:623', hex: PING };

test('RMCP: an ASF presence ping', () => {
  const r = drive(rmcp, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RMCP'));
  assert.equal(drive(rmcp, 17, [{ ...PKT, hex: '0600ff07' + '00'.repeat(8) }]).verdict, Verdict.Yes);
});

test('RMCP: an ACK with sequence 255, another class or version is not RMCP', () => {
  assert.equal(drive(rmcp, 17, [{ ...PKT, hex: '0600ff86' }]).verdict, Verdict.No);
  assert.equal(drive(rmcp, 17, [{ ...PKT, hex: '0600ff08' }]).verdict, Verdict.No);
  assert.equal(drive(rmcp, 17, [{ ...PKT, hex: '0700ff06' }]).verdict, Verdict.No);
});

test('RMCP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(rmcp, 17, [PKT]) > 0);
});
