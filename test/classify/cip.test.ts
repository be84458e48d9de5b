import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { cip } from '../../lib/classify/protocols/cip.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// CIP I/O: two items (sequenced address, connected data) ending at the datagram end; near miss: an item length past the end
const GOOD = '0200' + '02800800' + '0100000002000000' + 'b1000600' + '0100aabbccdd';
const BAD = '0200' + '02800800' + '0100000002000000' + 'b1000700' + '0100aabbccdd';

test('CIP: recognised on the first payload', () => {
  const r = feed(cip, makeFlow(17, 2222, 2222), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('CIP'));
});

test('CIP: a near miss is refused at once', () => {
  assert.equal(feed(cip, makeFlow(17, 2222, 2222), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('CIP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(cip, [bytes(GOOD)], [2222, 2222]) > 0);
});
