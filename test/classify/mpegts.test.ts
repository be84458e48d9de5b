import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { mpegts } from '../../lib/classify/protocols/mpegts.js';

/** Seven 188-byte TS packets (sync byte 0x47), as an IPTV multicast datagram (synthesized). */
const TS = ('47' + '1f'.repeat(187)).repeat(7);
const MCAST: readonly CorpusPkt[] = [{ frame: 1, from: '10.1.16.48:40737', to: '230.200.201.23:1234', hex: TS }];

test('MPEG_TS: whole 188-byte packets each starting with 0x47', () => {
  const r = drive(mpegts, 17, MCAST);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('MPEG_TS'));
  assert.equal(drive(mpegts, 17, [{ ...MCAST[0], hex: TS.slice(0, -2) }]).verdict, Verdict.No);
  assert.equal(drive(mpegts, 17, [{ ...MCAST[0], hex: TS.slice(0, 376) + '48' + TS.slice(378) }]).verdict, Verdict.No);
});

test('MPEG_TS: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(mpegts, 17, MCAST) > 0);
});
