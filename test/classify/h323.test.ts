import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { h323 } from '../../lib/classify/protocols/h323.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// h323.pcap: Q.931 call proceeding in TPKT (H.225.0), and a RAS message on UDP 1719
const Q931 = '030000400802f7f4027e0034052180060008914a000322c0000000000333313069005200f0c01100c0fef93ecd9ed6119ab20004762220170100010008800100';
const RAS = '02200000060008914a0004001102007c07f22200ae01003d0001030085c89a51208003014000';
// H.245 in TPKT: OID tag 0x06 at byte 7, then 00 08 81 75
const H245 = '0300001803000006000881750003000100020003000400050006';

test('H.225.0 and H.245 in TPKT over TCP', () => {
  for (const hex of [Q931, H245.slice(0, 48)]) {
    const r = feed(h323, makeFlow(6, 32803, 1720), [{ dir: 1, hex }]);
    assert.equal(r.verdict, Verdict.Yes, hex);
    assert.equal(r.flow.l7App, protocolId('H323'));
  }
});

test('RAS on UDP 1719, not on another port', () => {
  assert.equal(feed(h323, makeFlow(17, 2034, 1719), [{ dir: 0, hex: RAS }]).verdict, Verdict.Yes);
  assert.equal(feed(h323, makeFlow(17, 2034, 1718), [{ dir: 0, hex: RAS }]).verdict, Verdict.No);
});

test('a TPKT length that is not the packet length is refused', () => {
  assert.equal(feed(h323, makeFlow(6, 32803, 1720), [{ dir: 0, hex: Q931 + '00' }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(h323, [bytes(Q931), bytes(RAS)], [2034, 1719]) > 0);
});
