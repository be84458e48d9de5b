import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { bgp, bgpMessage } from '../../lib/classify/protocols/bgp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// BGP_redist.pcap frame 1 (Cisco HDLC + MPLS capture): an UPDATE sent from port 179
const UPDATE =
  'ffffffffffffffffffffffffffffffff0073020000005c400101024002008004040000005640050400000064c01020000200' +
  '6400000457000500000001020080000000000003008001ac1002010000800e210001800c0000000000000000020202020078' +
  '0001910000006400000064aa000000';
// OPEN: version 4, AS 65001, hold time 180, BGP identifier 10.0.0.1, no optional parameters
const OPEN = 'ffffffffffffffffffffffffffffffff001d0104fde900b40a00000100';
const KEEPALIVE = 'ffffffffffffffffffffffffffffffff001304';

test('UPDATE from the corpus: BGP from the server side alone (nDPI: 2 one-way flows)', () => {
  assert.equal(bgpMessage(bytes(UPDATE), 0, UPDATE.length / 2), 2);
  const r = feed(bgp, makeFlow(6, 179, 63535), [{ dir: 0, hex: UPDATE }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, 13);
});

test('OPEN: version, AS number and router id', () => {
  const r = feed(bgp, makeFlow(6, 50000, 179), [{ dir: 0, hex: OPEN }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.deepEqual(r.flow.meta.other, { 'bgp.version': 4, 'bgp.asn': 65001, 'bgp.router_id': '10.0.0.1' });
  assert.equal(feed(bgp, makeFlow(6, 50000, 179), [{ dir: 0, hex: KEEPALIVE }]).verdict, Verdict.Yes);
});

test('a marker split over segments waits; wrong type, length or marker is refused', () => {
  const r = feed(bgp, makeFlow(6, 50000, 179), [{ dir: 0, hex: KEEPALIVE.slice(0, 10) }, { dir: 0, hex: KEEPALIVE.slice(10) }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 2);
  assert.equal(bgpMessage(bytes(KEEPALIVE.slice(0, 36) + '06'), 0, 19), 0); // type 6
  assert.equal(bgpMessage(bytes(KEEPALIVE.slice(0, 32) + '001204'), 0, 19), 0); // length 18
  assert.equal(bgpMessage(bytes(KEEPALIVE.slice(0, 32) + '001404'), 0, 19), 0); // KEEPALIVE of 20 bytes
  assert.equal(bgpMessage(bytes('fe' + KEEPALIVE.slice(2)), 0, 19), 0);
  assert.equal(feed(bgp, makeFlow(6, 50000, 179), [{ dir: 0, hex: '474554202f' }]).verdict, Verdict.No);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(bgp, [bytes(UPDATE), bytes(OPEN), bytes(KEEPALIVE)], [50000, 179]) > 0);
});
