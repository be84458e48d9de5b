import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ieeeC37118 } from '../../lib/classify/protocols/ieee-c37118.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// ieee_c37118.pcap: a command frame (send configuration) with its CRC; near miss: CRC off by one
const GOOD = 'aa41001200f100000000000000000005d7d0';
const BAD = 'aa41001200f100000000000000000005d7d1';

test('IEEE-C37118: recognised on the first payload', () => {
  const r = feed(ieeeC37118, makeFlow(6, 36835, 4712), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('IEEE-C37118'));
});

test('IEEE-C37118: a near miss is refused at once', () => {
  assert.equal(feed(ieeeC37118, makeFlow(6, 36835, 4712), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('IEEE-C37118: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(ieeeC37118, [bytes(GOOD)], [36835, 4712]) > 0);
});
