import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { irc } from '../../lib/classify/protocols/irc.js';

/** irc.pcap: USER, NICK from the client, then the server's NOTICE lines. */
const LOGIN: readonly CorpusPkt[] = [
  { frame: 4, from: '10.180.156.249:45921', to: '38.229.70.20:8000', hex: '55534552207878787878202b6977207878787878203a58787878787820587878780d0a' },
  { frame: 6, from: '10.180.156.249:45921', to: '38.229.70.20:8000', hex: '4e49434b206d6f6c6f6368746573740d0a' },
  { frame: 7, from: '38.229.70.20:8000', to: '10.180.156.249:45921', hex: '3a636172642e667265656e6f64652e6e6574204e4f54494345202a203a2a2a2a204c6f6f6b696e6720757020796f757220686f73746e616d652e2e2e0d0a' },
];

test('IRC: three command lines in a row, with the USER name', () => {
  const r = drive(irc, 6, LOGIN);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 3);
  assert.equal(r.flow.l7App, protocolId('IRC'));
  assert.equal(r.flow.meta.other?.['irc.user'], 'xxxxx');
});

test('IRC: a line that is not a command, or not ended, rules IRC out', () => {
  const other = { ...LOGIN[1], hex: Buffer.from('HELO example.org\r\n').toString('hex') };
  assert.equal(drive(irc, 6, [LOGIN[0], other, LOGIN[2]]).verdict, Verdict.No);
  const open = { ...LOGIN[1], hex: Buffer.from('NICK molochtest').toString('hex') };
  assert.equal(drive(irc, 6, [LOGIN[0], open]).verdict, Verdict.No);
});

test('IRC: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(irc, 6, LOGIN) > 0);
});
