/** SOCKS (nDPI socks45.c) and UltraSurf (nDPI ultrasurf.c) on bytes from socks.pcap and
 * ultrasurf.pcap (SOCKS4: synthesized after the request/reply layout). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { socks } from '../../lib/classify/protocols/socks.js';
import { ultrasurf } from '../../lib/classify/protocols/ultrasurf.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

const ULTRASURF = 'cc1c30415ba43866996feba3ffc3dd2391a2ebc670b2559ecf1e693bb6dffd38d9a5158fad';

test('SOCKS5: greeting 05 01 00, choice 05 00 from the other side', () => {
  const r = feed(socks, makeFlow(6, 1637, 21477), [{ dir: 0, hex: '050100' }, { dir: 1, hex: '0500' }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('SOCKS'));
  // the same direction does not answer; a wrong choice resets
  assert.equal(feed(socks, makeFlow(6, 1, 2), [{ dir: 0, hex: '050100' }, { dir: 0, hex: '0500' }]).verdict, Verdict.More);
  assert.equal(feed(socks, makeFlow(6, 1, 2), [{ dir: 0, hex: '050100' }, { dir: 1, hex: '05ff' }]).verdict, Verdict.More);
});

test('SOCKS4: CONNECT request with user id, 8-byte grant', () => {
  const req = '04010050c0a80001' + Buffer.from('bob').toString('hex') + '00';
  const r = feed(socks, makeFlow(6, 40000, 1080), [{ dir: 0, hex: req }, { dir: 1, hex: '005a000000000000' }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(feed(socks, makeFlow(6, 1, 2), [{ dir: 0, hex: req }, { dir: 1, hex: '005e000000000000' }]).verdict, Verdict.More);
});

test('SOCKS: gives up after 10 packets', () => {
  const pkts = Array.from({ length: 11 }, () => ({ dir: 0 as const, hex: '00' }));
  assert.equal(feed(socks, makeFlow(6, 1, 2), pkts).verdict, Verdict.No);
});

test('UltraSurf: the eight-byte opening on the first packet only', () => {
  const r = feed(ultrasurf, makeFlow(6, 37898, 50053), [{ dir: 1, hex: ULTRASURF }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('UltraSurf'));
  assert.equal(feed(ultrasurf, makeFlow(6, 1, 2), [{ dir: 0, hex: '00' }, { dir: 1, hex: ULTRASURF }]).verdict, Verdict.No);
  assert.equal(feed(ultrasurf, makeFlow(6, 1, 2), [{ dir: 0, hex: ULTRASURF.slice(0, 14) }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(socks, [bytes('050100'), bytes('0500'), bytes('04010050c0a8000100')]) > 0);
  assert.ok(robustness(ultrasurf, [bytes(ULTRASURF)]) > 0);
});
