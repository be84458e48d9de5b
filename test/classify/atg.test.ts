import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { atg } from '../../lib/classify/protocols/atg.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// atg.pcap: SOH "I20100" CR LF (in-tank inventory report)
const CMD = '014932303130300d0a';

test('SOH, a function letter, CR LF on port 10001', () => {
  const r = feed(atg, makeFlow(6, 3134, 10001), [{ dir: 0, hex: CMD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('ATG'));
});

test('another letter, no CR LF, or another port: refused', () => {
  assert.equal(feed(atg, makeFlow(6, 3134, 10001), [{ dir: 0, hex: '015832303130300d0a' }]).verdict, Verdict.No);
  assert.equal(feed(atg, makeFlow(6, 3134, 10001), [{ dir: 0, hex: '01493230313030300a' }]).verdict, Verdict.No);
  assert.equal(feed(atg, makeFlow(6, 3134, 10002), [{ dir: 0, hex: CMD }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(atg, [bytes(CMD)], [3134, 10001]) > 0);
});
