import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { egd } from '../../lib/classify/protocols/egd.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// egd.pcapng: producer 192.168.8.77 (c0a8084d)
const PDU = '0d01d4f0c0a8084d7b000000be8a7e3800811b2c000000000000000000000000000000000000000000000000000000000000000000000000000000';

test('producer id equal to the sender address', () => {
  const r = feed(egd, makeFlow(17, 18246, 18246, '192.168.8.77', '192.168.8.169'), [{ dir: 0, hex: PDU }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('EthernetGlobalData'));
});

test('another sender, status or reserved word: refused', () => {
  assert.equal(feed(egd, makeFlow(17, 18246, 18246, '192.168.8.169', '192.168.8.77'), [{ dir: 0, hex: PDU }]).verdict, Verdict.No);
  const b = bytes(PDU);
  b[27] = 31;
  assert.equal(feed(egd, makeFlow(17, 18246, 18246, '192.168.8.77', '192.168.8.169'), [b]).verdict, Verdict.No);
  const c = bytes(PDU);
  c[30] = 1;
  assert.equal(feed(egd, makeFlow(17, 18246, 18246, '192.168.8.77', '192.168.8.169'), [c]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(egd, [bytes(PDU)]) > 0);
});
