import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { tuyaLp } from '../../lib/classify/protocols/tuya-lp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// a Tuya discovery frame: prefix, command, length, zero payload and suffix; near miss: prefix
const GOOD = '000055aa0000000000000013000000140000000000000000000000000000aa55';
const BAD = '000055ab0000000000000013000000140000000000000000000000000000aa55';

test('TuyaLP: recognised on the first payload', () => {
  const r = feed(tuyaLp, makeFlow(17, 40000, 6667), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TuyaLP'));
});

test('TuyaLP: a near miss is refused at once', () => {
  assert.equal(feed(tuyaLp, makeFlow(17, 40000, 6667), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('TuyaLP: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(tuyaLp, [bytes(GOOD)], [40000, 6667]) > 0);
});
