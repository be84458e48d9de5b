import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { hartIp, isHartIp } from '../../lib/classify/protocols/hart-ip.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// hart_ip.pcap: session initiate request (13 bytes) and a token-passing PDU request (17 bytes)
const INIT = '010000000002000d0100007530';
const PDU = '010003000003001182264e0000d2000038';

test('HART-IP headers whose length is the payload length', () => {
  for (const hex of [INIT, PDU]) {
    const r = feed(hartIp, makeFlow(17, 49905, 5094), [{ dir: 0, hex }]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, protocolId('HART-IP'));
  }
});

test('wrong version, length, or both type and id out of range', () => {
  assert.equal(isHartIp(bytes('03' + INIT.slice(2)), 0, 13), false);
  assert.equal(isHartIp(bytes(INIT + '00'), 0, 14), false);
  assert.equal(isHartIp(bytes('0105090000020008'), 0, 8), false);
  assert.equal(isHartIp(bytes('0105050000020008'), 0, 8), true); // nDPI keeps a valid id
  assert.equal(feed(hartIp, makeFlow(17, 1, 2), [{ dir: 0, hex: INIT + '00' }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(hartIp, [bytes(INIT), bytes(PDU)]) > 0);
});
