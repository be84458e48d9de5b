import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { flute, isFluteFdt } from '../../lib/classify/protocols/flute.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// flute.pcapng: the first 280 bytes of an FDT instance (LCT header of 4 words, then XML)
const FDT = '101008000000000000000000c010000240040000000002360000059c00000040000000003c3f786d6c2076657273696f6e3d22312e302220656e636f64696e673d225554462d38223f3e0a3c4644542d496e7374616e636520457870697265733d223137313037373035303222204645432d4f54492d4645432d456e636f64696e672d49443d223022204645432d4f54492d4d6178696d756d2d536f757263652d426c6f636b2d4c656e6774683d22363422204645432d4f54492d456e636f64696e672d53796d626f6c2d4c656e6774683d22313433362220786d6c6e733a6d626d73323030373d2275726e3a334750503a6d657461646174613a323030373a4d424d533a464c5554453a464454223e0a202020203c4669';

test('an FDT instance after the LCT header', () => {
  const r = feed(flute, makeFlow(17, 40717, 40085, '192.168.88.231', '238.1.1.95'), [{ dir: 0, hex: FDT }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('FLUTE'));
});

test('a data packet, short packets and other LCT versions are refused', () => {
  assert.equal(feed(flute, makeFlow(17, 1, 2), [{ dir: 0, hex: '1010030000000000000000010000000048656c6c6f20576f726c64210a' }]).verdict, Verdict.No);
  const b = bytes(FDT);
  assert.equal(isFluteFdt(b, 0, 250), false);
  b[0] = 0x20;
  assert.equal(isFluteFdt(b, 0, b.length), false);
});

test('robustness', () => {
  assert.ok(robustness(flute, [bytes(FDT)]) > 0);
});
