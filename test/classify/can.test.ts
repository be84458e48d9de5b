import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { can } from '../../lib/classify/protocols/can.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// can.pcap: "ISO11898", version 1, 2 frames
const CAN = '49534f313138393801026a12f109083b20d6700000ff7ffd10006a13f109083b20206effffffffff10000160ff';

test('ISO11898 signature over UDP and TCP', () => {
  for (const t of [17, 6] as const) {
    const r = feed(can, makeFlow(t, 36251, 11898), [{ dir: 0, hex: CAN }]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, protocolId('Controller_Area_Network'));
  }
});

test('other signatures and short payloads are refused at once', () => {
  assert.equal(feed(can, makeFlow(17, 1, 2), [{ dir: 0, hex: CAN.replace('4953', '4954') }]).verdict, Verdict.No);
  assert.equal(feed(can, makeFlow(17, 1, 2), [{ dir: 0, hex: '49534f3131383938' }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(can, [bytes(CAN)]) > 0);
});
