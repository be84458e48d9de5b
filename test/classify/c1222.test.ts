import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { c1222 } from '../../lib/classify/protocols/c1222.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// c1222.pcapng: an ACSE PDU with its called AP title; near miss: tag 0xA3
const GOOD = '6030a20f060d607c86f754011600010140ce11a60e060c607c86f75401160001014021a80402020f89be0728058103800120';
const BAD = '6030a30f060d607c86f754011600010140ce11a60e060c607c86f75401160001014021a80402020f89be0728058103800120';

test('ANSI_C1222: recognised on the first payload', () => {
  const r = feed(c1222, makeFlow(17, 55092, 1153), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('ANSI_C1222'));
});

test('ANSI_C1222: a near miss is refused at once', () => {
  assert.equal(feed(c1222, makeFlow(17, 55092, 1153), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('ANSI_C1222: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(c1222, [bytes(GOOD)], [55092, 1153]) > 0);
});
