import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { crossfire } from '../../lib/classify/protocols/crossfire.js';

/** Synthesized from crossfire.c: UDP C7 D9 19 99 …; TCP login F1 ?? 01 00 00 00 … F2 (over 100 bytes). */
const UDP: CorpusPkt = { frame: 0, from: '192.168.1.15:58790', to: '67.210.208.40:14037', hex: 'c7d9199902000000' + '11'.repeat(12) };
const LOGIN: CorpusPkt = { frame: 0, from: '192.168.1.15:49797', to: '67.210.208.31:13008', hex: 'f16401000000' + '00'.repeat(110) + 'f2' };

test('Crossfire: the UDP header and the TCP login', () => {
  const u = drive(crossfire, 17, [UDP]);
  assert.equal(u.verdict, Verdict.Yes);
  assert.equal(u.flow.l7App, protocolId('Crossfire'));
  assert.equal(drive(crossfire, 6, [LOGIN]).verdict, Verdict.Yes);
});

test('Crossfire: no closing F2, or the login after another packet, is not it', () => {
  assert.equal(drive(crossfire, 6, [{ ...LOGIN, hex: LOGIN.hex.slice(0, -2) + 'f3' }]).verdict, Verdict.No);
  assert.equal(drive(crossfire, 6, [{ ...LOGIN, from: LOGIN.to, to: LOGIN.from, hex: '00' }, LOGIN]).verdict, Verdict.No);
  assert.equal(drive(crossfire, 17, [{ ...UDP, hex: 'c7d91998' + UDP.hex.slice(8) }]).verdict, Verdict.No);
});

test('Crossfire: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(crossfire, 17, [UDP]) > 0);
  assert.ok(hammer(crossfire, 6, [LOGIN]) > 0);
});
