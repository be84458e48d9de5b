import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { nestLogSink } from '../../lib/classify/protocols/nest-log-sink.js';
import { robustness } from './longtail-feed.js';
import { bytes, feed, makeFlow } from './longtail-feed.js';

// nest_log_sink.pcap: records from the device and the cloud (byte 3 is 0x13)
const DEV = '1102001308030000369e270000';
const CLOUD = 'a5020013e8a786650400000002';

test('three record-shaped packets on port 11095', () => {
  const r = feed(nestLogSink, makeFlow(6, 63342, 11095), [{ dir: 0, hex: DEV }, { dir: 1, hex: CLOUD }, { dir: 0, hex: DEV }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NestLogSink'));
  assert.equal(feed(nestLogSink, makeFlow(6, 63342, 11095), [{ dir: 0, hex: DEV }, { dir: 1, hex: CLOUD }]).verdict, Verdict.More);
});

test('a short packet or another port excludes', () => {
  assert.equal(feed(nestLogSink, makeFlow(6, 63342, 11095), [{ dir: 0, hex: '11020013' }]).verdict, Verdict.No);
  assert.equal(feed(nestLogSink, makeFlow(6, 63342, 11096), [{ dir: 0, hex: DEV }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(nestLogSink, [bytes(DEV), bytes(CLOUD)], [63342, 11095]) > 0);
});
