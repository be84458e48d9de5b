import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { bfd } from '../../lib/classify/protocols/bfd.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// bfd.pcap: a control packet (version 1, 24 bytes); near miss: length byte 25
const GOOD = '204003180000000100000000000f4240000f42400007a120';
const BAD = '204003190000000100000000000f4240000f42400007a120';

test('BFD: recognised on the first payload', () => {
  const r = feed(bfd, makeFlow(17, 49152, 3784), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('BFD'));
});

test('BFD: a near miss is refused at once', () => {
  assert.equal(feed(bfd, makeFlow(17, 49152, 3784), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('BFD: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(bfd, [bytes(GOOD)], [49152, 3784]) > 0);
});
