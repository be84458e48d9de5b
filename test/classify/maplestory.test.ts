import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { maplestory } from '../../lib/classify/protocols/maplestory.js';

/** ossfuzz_seed_fake_traces_3.pcapng frame 4: GET /maplestory/ with User-Agent AspINet. */
const GET: CorpusPkt = {
  frame: 4,
  from: '192.168.16.173:60546',
  to: '93.184.216.34:80',
  hex: Buffer.from('GET /maplestory/ HTTP/1.1\r\nHost: example.com\r\nUser-Agent: AspINet\r\nAccept: */*\r\n\r\n').toString('hex'),
};

test('MapleStory: the AspINet request for /maplestory/', () => {
  const r = drive(maplestory, 6, [GET]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('MapleStory'));
});

test('MapleStory: the patcher request and the 16-byte game packet; other agents are not it', () => {
  const patch = Buffer.from('GET /maple/patch/x HTTP/1.1\r\nHost: patch.example\r\nUser-Agent: Patcher\r\n\r\n').toString('hex');
  assert.equal(drive(maplestory, 6, [{ ...GET, hex: patch }]).verdict, Verdict.Yes);
  assert.equal(drive(maplestory, 6, [{ ...GET, hex: '0e003a0001003200000000000000000000' .slice(0, 32) }]).verdict, Verdict.Yes);
  assert.equal(drive(maplestory, 6, [{ ...GET, hex: GET.hex.replace(Buffer.from('AspINet').toString('hex'), Buffer.from('AspINeT').toString('hex')) }]).verdict, Verdict.No);
});

test('MapleStory: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(maplestory, 6, [GET]) > 0);
});
