import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ptpv2 } from '../../lib/classify/protocols/ptpv2.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// ptpv2.pcap: a signalling message between general ports; near miss: version 1
const GOOD = '0c02003600000400000000000000000000000000002094fffe00000d0001000105ffffffffffffffffffffff00040006b0000000012c0000';
const BAD = '0c01003600000400000000000000000000000000002094fffe00000d0001000105ffffffffffffffffffffff00040006b0000000012c0000';

test('PTPv2: recognised on the first payload', () => {
  const r = feed(ptpv2, makeFlow(17, 320, 320), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('PTPv2'));
});

test('PTPv2: a near miss is refused at once', () => {
  assert.equal(feed(ptpv2, makeFlow(17, 320, 320), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('PTPv2: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(ptpv2, [bytes(GOOD)], [320, 320]) > 0);
});
