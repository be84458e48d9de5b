import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { fins } from '../../lib/classify/protocols/fins.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// fins.pcap: a memory-area read command (ICF 0x80); near miss: ICF 0x81
const GOOD = '8000020000000000007a010100cccccc0001';
const BAD = '8100020000000000007a010100cccccc0001';

test('FINS: recognised on the first payload', () => {
  const r = feed(fins, makeFlow(17, 58722, 9600), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('FINS'));
});

test('FINS: a near miss is refused at once', () => {
  assert.equal(feed(fins, makeFlow(17, 58722, 9600), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('FINS: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(fins, [bytes(GOOD)], [58722, 9600]) > 0);
});
