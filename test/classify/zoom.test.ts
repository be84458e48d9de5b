import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { zoom } from '../../lib/classify/protocols/zoom.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** zoom2.pcap: a client's first datagram to port 8801 (SFU type 1: 01 00 03). */
const SFU: readonly CorpusPkt[] = [
  { frame: 21, from: '192.168.1.178:60653', to: '144.195.73.154:8801', hex: '010003c84ac4528718cda2b8477a1b899f33830000000000000002006f613f006f613f00000040e6d766f594f24c8c9302460b02e7de2892e09de53c6e5f03a336a430c96bfc90d80259b9fbc471b13716d1d1836079caa23b0fdcc0f60b64bd3e017c3cf86d760000000000400040000075300001000300022000' },
];

/** zoom_p2p.pcapng: the peer-to-peer hello (1F 02 01 … address, id, four zero bytes). */
const P2P: readonly CorpusPkt[] = [
  { frame: 504, from: '192.168.12.156:49579', to: '10.78.14.178:49586', hex: '1f0201000800010004004cf45ce00000000700000063c1b20000000c31302e37382e31342e3137380000002443354541444641312d453244302d343137452d383746322d37423042464634333933363200000000' },
];

test('Zoom: SFU type 1 on port 8801', () => {
  const r = drive(zoom, 17, SFU);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Zoom'));
});

test('Zoom: the SFU header off the Zoom ports is not Zoom', () => {
  assert.equal(drive(zoom, 17, [{ ...SFU[0], to: '144.195.73.154:8811' }]).verdict, Verdict.No);
});

test('Zoom: SFU types 3/4 wait for the fourth packet', () => {
  const t3 = { ...SFU[0], hex: '03' + SFU[0].hex.slice(2) };
  const r = drive(zoom, 17, [t3, t3, t3, t3]);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.More, Verdict.More, Verdict.Yes]);
});

test('Zoom: SFU type 5 with audio RTP behind the media header', () => {
  // 8-byte SFU header, 15-byte media header of type 15, RTP (v2, PT 112) at offset 19 of it
  const hex = '05' + '00'.repeat(7) + '0f' + '00'.repeat(18) + '8070' + '0001' + '00000001' + '00000002' + 'aa'.repeat(20);
  const r = drive(zoom, 17, [{ ...SFU[0], hex }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['zoom.stream'], 'Audio');
  const notRtp = '05' + '00'.repeat(7) + '0f' + '00'.repeat(18) + '4070' + '00'.repeat(30);
  assert.equal(drive(zoom, 17, [{ ...SFU[0], hex: notRtp }]).verdict, Verdict.No);
});

test('Zoom: the peer-to-peer hello on any port; a wrong inner length is not Zoom', () => {
  assert.equal(drive(zoom, 17, P2P).verdict, Verdict.Yes);
  const bad = P2P[0].hex.slice(0, 54) + '0d' + P2P[0].hex.slice(56);
  assert.equal(drive(zoom, 17, [{ ...P2P[0], hex: bad }]).verdict, Verdict.No);
});

test('Zoom: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(zoom, 17, SFU) > 0);
  assert.ok(hammer(zoom, 17, P2P) > 0);
});
