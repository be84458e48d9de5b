import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ldp } from '../../lib/classify/protocols/ldp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// ldp.pcap: an LDP Hello over UDP; near miss: PDU length one too long
const GOOD = '0001001e0a0000060000010000140000000004000004000f0000040100040a000006';
const BAD = '0001001f0a0000060000010000140000000004000004000f0000040100040a000006';

test('LDP: recognised on the first payload', () => {
  const r = feed(ldp, makeFlow(17, 646, 646), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('LDP'));
});

test('LDP: a near miss is refused at once', () => {
  assert.equal(feed(ldp, makeFlow(17, 646, 646), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('LDP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(ldp, [bytes(GOOD)], [646, 646]) > 0);
});
