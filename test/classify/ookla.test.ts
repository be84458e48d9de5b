import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dhcp-stun-harness.js';
import { ookla } from '../../lib/classify/protocols/ookla.js';

/** ookla.pcap: the client's "HI …" and the server's "HELLO …" banner on port 8080. */
const GREETING: readonly CorpusPkt[] = [
  { frame: 4, from: '192.168.1.192:37790', to: '185.157.229.246:8080', hex: '48492038653137636236352d633662352d346233392d616463632d3937303036613165343533370a' },
  { frame: 6, from: '185.157.229.246:8080', to: '192.168.1.192:37790', hex: '48454c4c4f20322e392028322e392e322920323032312d31312d33302e323135392e666661653065300a' },
];

test('Ookla: HI then HELLO on port 8080', () => {
  const r = drive(ookla, 6, GREETING);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Ookla'));
});

test('Ookla: another port, or no HELLO in the second packet, is not Ookla', () => {
  const moved = GREETING.map((p) => ({ ...p, from: p.from.replace(':8080', ':8081'), to: p.to.replace(':8080', ':8081') }));
  assert.equal(drive(ookla, 6, moved).verdict, Verdict.No);
  assert.equal(drive(ookla, 6, [GREETING[0], { ...GREETING[1], hex: '48454c50' }]).verdict, Verdict.No);
  assert.equal(drive(ookla, 6, [GREETING[1]]).verdict, Verdict.No);
});

test('Ookla: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(ookla, 6, GREETING) > 0);
});
