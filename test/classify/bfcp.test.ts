import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { bfcp } from '../../lib/classify/protocols/bfcp.js';

/** bfcp.pcapng: a request and its answer with the same conference id (UDP). */
const PAIR: readonly CorpusPkt[] = [
  { frame: 12, from: '127.0.0.1:47706', to: '127.0.0.1:5070', hex: '200300010000000100020504' },
  { frame: 13, from: '127.0.0.1:5070', to: '127.0.0.1:47706', hex: '200400010000000100020504' },
];

test('BFCP: two version-1 headers with the same conference id (UDP and TCP)', () => {
  const r = drive(bfcp, 17, PAIR);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('BFCP'));
  assert.equal(drive(bfcp, 6, PAIR).verdict, Verdict.Yes);
});

test('BFCP: another conference id, version or primitive is not BFCP', () => {
  const other = { ...PAIR[1], hex: PAIR[1].hex.slice(0, 8) + '00000002' + PAIR[1].hex.slice(16) };
  assert.equal(drive(bfcp, 17, [PAIR[0], other]).verdict, Verdict.No);
  assert.equal(drive(bfcp, 17, [{ ...PAIR[0], hex: '40' + PAIR[0].hex.slice(2) }]).verdict, Verdict.No);
  assert.equal(drive(bfcp, 17, [{ ...PAIR[0], hex: '2012' + PAIR[0].hex.slice(4) }]).verdict, Verdict.No);
});

test('BFCP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(bfcp, 17, PAIR) > 0);
  assert.ok(hammer(bfcp, 6, PAIR) > 0);
});
