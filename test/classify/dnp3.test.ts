import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { dnp3 } from '../../lib/classify/protocols/dnp3.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// dnp3.pcap: a link-layer frame from the outstation; near miss: start bytes 05 65
const GOOD = '05640a44030004007caee6f78210004fbd';
const BAD = '05650a44030004007caee6f78210004fbd';

test('DNP3: recognised on the first payload', () => {
  const r = feed(dnp3, makeFlow(6, 2789, 20000), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('DNP3'));
});

test('DNP3: a near miss is refused at once', () => {
  assert.equal(feed(dnp3, makeFlow(6, 2789, 20000), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('DNP3: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(dnp3, [bytes(GOOD)], [2789, 20000]) > 0);
});
