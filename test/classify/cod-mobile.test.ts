import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { codMobile } from '../../lib/classify/protocols/cod-mobile.js';

/** codm.pcap frame 8: a 12-byte "ping" datagram to port 7500. */
const PING: CorpusPkt = { frame: 8, from: '10.215.173.1:40282', to: '23.248.172.158:7500', hex: 'bbb653ea96fdbb0370696e67' };

test('CoD_Mobile: the 12-byte ping to port 7500', () => {
  const r = drive(codMobile, 17, [PING]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('CoD_Mobile'));
});

test('CoD_Mobile: the loadout datagram; the ping on another port waits, then gives up', () => {
  const loadout = { frame: 0, from: '10.215.173.1:38704', to: '43.131.34.20:7948', hex: 'ce' + '00'.repeat(200) + Buffer.from('LOC_PREFAB_LOADOUTNAME_1').toString('hex') + '00'.repeat(200) };
  assert.equal(drive(codMobile, 17, [loadout]).verdict, Verdict.Yes);
  const other = { ...PING, to: '23.248.172.158:7501' };
  assert.deepEqual(drive(codMobile, 17, [other, other, other, other]).verdicts, [Verdict.More, Verdict.More, Verdict.More, Verdict.No]);
});

test('CoD_Mobile: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(codMobile, 17, [PING]) > 0);
});
