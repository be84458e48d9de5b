import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { xbox } from '../../lib/classify/protocols/xbox.js';

/** Synthesized from xbox.c: 00 00 00 00 0C 58 76 00 00 00 … (over 12 bytes). */
const LIVE: CorpusPkt = { frame: 0, from: '10.0.0.2:3074', to: '65.55.42.1:3074', hex: '000000000c5876000000' + '01020304' };

test('Xbox: the Live header', () => {
  const r = drive(xbox, 17, [LIVE]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Xbox'));
});

test('Xbox: two console-shaped datagrams on port 3074; not on other ports', () => {
  const p24 = { ...LIVE, hex: '00' + '11'.repeat(23) };
  assert.deepEqual(drive(xbox, 17, [p24, p24]).verdicts, [Verdict.More, Verdict.Yes]);
  const off = { ...p24, from: '10.0.0.2:3075', to: '65.55.42.1:3076' };
  assert.equal(drive(xbox, 17, [off]).verdict, Verdict.No);
  assert.equal(drive(xbox, 17, [{ ...LIVE, hex: '000000000c5877000000' + '01020304' }]).verdict, Verdict.No);
});

test('Xbox: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(xbox, 17, [LIVE]) > 0);
});
