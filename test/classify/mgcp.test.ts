import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { mgcp } from '../../lib/classify/protocols/mgcp.js';

/** An MGCP RSIP command from a gateway (RFC 3435 example shape), synthesized. */
const RSIP: readonly CorpusPkt[] = [
  { frame: 1, from: '10.0.0.5:2427', to: '10.0.0.1:2727', hex: Buffer.from('RSIP 5200 aaln/1@gw1.whatever.net MGCP 1.0\r\nRM: restart\r\n').toString('hex') },
];

test('MGCP: a command line with the endpoint domain as host', () => {
  const r = drive(mgcp, 17, RSIP);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('MGCP'));
  assert.equal(r.flow.host, 'gw1.whatever.net');
});

test('MGCP: an unknown verb, another protocol name, or no final newline is not MGCP', () => {
  const t = (s: string) => drive(mgcp, 17, [{ ...RSIP[0], hex: Buffer.from(s).toString('hex') }]).verdict;
  assert.equal(t('RSIQ 5200 aaln/1@gw1 MGCP 1.0\r\n'), Verdict.No);
  assert.equal(t('RSIP 5200 aaln/1@gw1 SIP/2.0\r\n'), Verdict.No);
  assert.equal(t('RSIP 5200 aaln/1@gw1 MGCP 1.0'), Verdict.No);
});

test('MGCP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(mgcp, 17, RSIP) > 0);
});
