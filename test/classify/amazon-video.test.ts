import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { amazonVideo } from '../../lib/classify/protocols/amazon-video.js';

/** Amazon Video's first packets (amazon_video.c magics), synthesized. */
const TCP: readonly CorpusPkt[] = [{ frame: 1, from: '10.0.0.2:50000', to: '52.94.1.1:443', hex: 'feedface00000010' }];
const UDP: readonly CorpusPkt[] = [{ frame: 1, from: '10.0.0.2:50000', to: '52.94.1.1:3000', hex: 'deadbeef00000010' }];

test('AmazonVideo: FE ED FA CE over TCP, DE AD BE EF over UDP', () => {
  const r = drive(amazonVideo, 6, TCP);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('AmazonVideo'));
  assert.equal(drive(amazonVideo, 17, UDP).verdict, Verdict.Yes);
});

test('AmazonVideo: the magics swapped between transports, or too short, are not AmazonVideo', () => {
  assert.equal(drive(amazonVideo, 17, [{ ...UDP[0], hex: TCP[0].hex }]).verdict, Verdict.No);
  assert.equal(drive(amazonVideo, 6, [{ ...TCP[0], hex: UDP[0].hex }]).verdict, Verdict.No);
  assert.equal(drive(amazonVideo, 6, [{ ...TCP[0], hex: 'feedface' }]).verdict, Verdict.No);
});

test('AmazonVideo: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(amazonVideo, 6, TCP) > 0);
  assert.ok(hammer(amazonVideo, 17, UDP) > 0);
});
