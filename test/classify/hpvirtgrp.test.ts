import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { hpVirtGrp } from '../../lib/classify/protocols/hpvirtgrp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// hpvirtgrp.pcap: the client's first message (0x16, its length 0x0084, 0x00)
const FIRST = '16008400aa884262dfab49b28b532ce441239bee9caa8552f9bc40ddbbce1c77391abd8f7387c290018e6a631f437b92f81e09e5cba1cfaf2324a544828b7bd02bca78db32f375f311dd780bdbc84c56d0a267c442fd81046e386976c393b40500174acec7f9ef4b36d3382e1a2d85233c72e1b0ce97f684c786fcbd30dae4ba296f0aab';

test('the first payload packet with its own length', () => {
  const r = feed(hpVirtGrp, makeFlow(6, 46570, 5223), [{ dir: 0, hex: FIRST }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('HP_VIRTGRP'));
});

test('a wrong length or a later packet is refused', () => {
  assert.equal(feed(hpVirtGrp, makeFlow(6, 46570, 5223), [{ dir: 0, hex: FIRST + '00' }]).verdict, Verdict.No);
  // a TLS record (16 03 01 …) is not it
  assert.equal(feed(hpVirtGrp, makeFlow(6, 46570, 5223), [{ dir: 0, hex: '160301002f' + '00'.repeat(47) }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(hpVirtGrp, [bytes(FIRST)]) > 0);
});
