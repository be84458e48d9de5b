/** Tailscale (nDPI tailscale.c) and CiscoVPN (nDPI ciscovpn.c): synthesized datagrams
 * following the layouts nDPI checks (disco magic; FE577E2B between ports 10000). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ciscovpn } from '../../lib/classify/protocols/ciscovpn.js';
import { tailscale } from '../../lib/classify/protocols/tailscale.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

const DISCO = '5453f09f92ac' + '11'.repeat(32) + '00'.repeat(24) + 'aa'.repeat(16);
const CISCO = 'fe577e2b' + '00'.repeat(20);

test('Tailscale: disco magic on port 41641', () => {
  const r = feed(tailscale, makeFlow(17, 41641, 41641), [{ dir: 0, hex: DISCO }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Tailscale'));
  assert.equal(feed(tailscale, makeFlow(17, 41642, 3478), [{ dir: 0, hex: DISCO }]).verdict, Verdict.No);
  assert.equal(feed(tailscale, makeFlow(17, 41641, 3478), [{ dir: 0, hex: '5453f09f92ad' + DISCO.slice(12) }]).verdict, Verdict.No);
  assert.equal(feed(tailscale, makeFlow(17, 41641, 3478), [{ dir: 0, hex: '5453f09f92ac' }]).verdict, Verdict.No);
});

test('CiscoVPN: FE577E2B from 10000 to 10000, within five packets', () => {
  const r = feed(ciscovpn, makeFlow(17, 10000, 10000), [{ dir: 0, hex: '00'.repeat(8) }, { dir: 0, hex: CISCO }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('CiscoVPN'));
  assert.equal(feed(ciscovpn, makeFlow(17, 10001, 10000), [{ dir: 0, hex: CISCO }]).verdict, Verdict.More);
  const late = [...Array.from({ length: 6 }, () => ({ dir: 0 as const, hex: "00" })), { dir: 0 as const, hex: CISCO }];
  assert.equal(feed(ciscovpn, makeFlow(17, 10000, 10000), late).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(tailscale, [bytes(DISCO)], [41641, 41641]) > 0);
  assert.ok(robustness(ciscovpn, [bytes(CISCO)], [10000, 10000]) > 0);
});
