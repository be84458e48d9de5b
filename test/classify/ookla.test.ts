import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { ookla } from '../../lib/classify/protocols/ookla.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

const hexOf = (s: string) => Buffer.from(s, 'latin1').toString('hex');

/** ookla.pcap (192.168.1.7:51215 → 46.44.253.187:8080): "HI" then the server's "HELLO". */
const HI: CorpusPkt = { frame: 4, from: '192.168.1.7:51215', to: '46.44.253.187:8080', hex: hexOf('HI\n') };
const HELLO: CorpusPkt = { frame: 6, from: '46.44.253.187:8080', to: '192.168.1.7:51215', hex: hexOf('HELLO 2.4 2016-10-06.1324.996ab91\n') };

test('Ookla: HI then HELLO on port 8080', () => {
  const r = drive(ookla, 6, [HI, HELLO]);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.Yes]);
  assert.equal(l7ProtoName(r.flow.l7Master, r.flow.l7App), 'Ookla');
});

test('Ookla: another port, another greeting or another order is not Ookla', () => {
  const other = (p: CorpusPkt) => ({ ...p, from: p.from.replace(':8080', ':8081'), to: p.to.replace(':8080', ':8081') });
  assert.equal(drive(ookla, 6, [other(HI), other(HELLO)]).verdict, Verdict.No);
  assert.equal(drive(ookla, 6, [HI, { ...HELLO, hex: hexOf('HELO x\n') }]).verdict, Verdict.No);
  assert.equal(drive(ookla, 6, [HELLO, HI]).verdict, Verdict.No);
});

test('Ookla: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(ookla, 6, [HI, HELLO]) > 0);
});
