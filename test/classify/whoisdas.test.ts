import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { whoisdas } from '../../lib/classify/protocols/whoisdas.js';
import { WHOIS_QUERY } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('Whois-DAS: a query to port 43 names the object looked up', () => {
  const r = drive(whoisdas, 6, WHOIS_QUERY);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Whois-DAS'));
  assert.equal(r.flow.host, 'example.com');
});

test('Whois-DAS: a TLS ClientHello to 4343, or a query to another port, is not WHOIS', () => {
  assert.equal(drive(whoisdas, 6, [{ ...WHOIS_QUERY[0], to: '192.0.47.59:4343', hex: '160301020001' }]).verdict, Verdict.No);
  assert.equal(drive(whoisdas, 6, [{ ...WHOIS_QUERY[0], to: '192.0.47.59:44' }]).verdict, Verdict.No);
});

test('Whois-DAS: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(whoisdas, 6, WHOIS_QUERY) > 0);
});
