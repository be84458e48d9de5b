import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { bacnet } from '../../lib/classify/protocols/bacnet.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// bacnet.pcap: an original-unicast NPDU carrying ReadProperty; near miss: wrong length
const GOOD = '810a001101040005a90c0c023fffff194b';
const BAD = '810a001201040005a90c0c023fffff194b';

test('BACnet: recognised on the first payload', () => {
  const r = feed(bacnet, makeFlow(17, 53234, 47808), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('BACnet'));
});

test('BACnet: a near miss is refused at once', () => {
  assert.equal(feed(bacnet, makeFlow(17, 53234, 47808), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('BACnet: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(bacnet, [bytes(GOOD)], [53234, 47808]) > 0);
});
