import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { edonkey } from '../../lib/classify/protocols/edonkey.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// edonkey.pcap frame 4: client Hello (0xE3, length 0x77 = 124 - 5)
const HELLO =
  'e37700000001101b42cd5b940ed779c20ab755fe256f977d4967e38a4d08000000020100010f005b43484e5d5b566572794344' +
  '5d7866030100113c000000020100550a00786c206275696c643631030100ee0ce98914030100f9a24ba24b030100fa14421334' +
  '030100fb00c00000030100fe940000005511ac22e110';

test('eDonkey: protocol byte and a length field equal to the rest of the packet', () => {
  const r = feed(edonkey, makeFlow(6, 1754, 7551), [{ dir: 0, hex: HELLO }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('eDonkey'));
  for (const p of ['c5', 'd4']) {
    assert.equal(feed(edonkey, makeFlow(6, 1, 2), [{ dir: 0, hex: p + '0100000000' }]).verdict, Verdict.Yes);
  }
});

test('eDonkey near misses: wrong protocol byte, wrong length, not the first packet', () => {
  assert.equal(feed(edonkey, makeFlow(6, 1, 2), [{ dir: 0, hex: 'e5' + HELLO.slice(2) }]).verdict, Verdict.No);
  assert.equal(feed(edonkey, makeFlow(6, 1, 2), [{ dir: 0, hex: HELLO + '00' }]).verdict, Verdict.No);
  assert.equal(feed(edonkey, makeFlow(6, 1, 2), [{ dir: 0, hex: 'e30000' }]).verdict, Verdict.No);
  assert.equal(feed(edonkey, makeFlow(6, 1, 2), [{ dir: 1, hex: '00' }, { dir: 0, hex: HELLO }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(edonkey, [bytes(HELLO)]) > 0);
});
