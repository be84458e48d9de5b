import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { etherSio } from '../../lib/classify/protocols/ethersio.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// an Ether-S-I/O telegram (type 1); near miss: type 3
const GOOD = '4553494f0001000000000000000000000000000000';
const BAD = '4553494f0003000000000000000000000000000000';

test('EtherSIO: recognised on the first payload', () => {
  const r = feed(etherSio, makeFlow(17, 6060, 6060), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('EtherSIO'));
});

test('EtherSIO: a near miss is refused at once', () => {
  assert.equal(feed(etherSio, makeFlow(17, 6060, 6060), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('EtherSIO: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(etherSio, [bytes(GOOD)], [6060, 6060]) > 0);
});
