import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { rsync } from '../../lib/classify/protocols/rsync.js';
import { RSYNC_GREETING } from './enterprise-synth.js';
import { drive, hammer } from './dissector-harness.js';

test('RSYNC: the daemon greeting', () => {
  const r = drive(rsync, 6, RSYNC_GREETING);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RSYNC'));
});

test('RSYNC: other text keeps looking', () => {
  assert.equal(drive(rsync, 6, [{ ...RSYNC_GREETING[0], hex: Buffer.from('@RSYNC: 31.0\n').toString('hex') }]).verdict, Verdict.More);
});

test('RSYNC: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(rsync, 6, RSYNC_GREETING) > 0);
});
