import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { rsh } from '../../lib/classify/protocols/rsh.js';
import { RSH_SESSION } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('RSH: the stderr port then user names and command', () => {
  const r = drive(rsh, 6, RSH_SESSION);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RSH'));
  assert.equal(r.flow.meta.other?.['rsh.server_user'], 'root');
  assert.equal(r.flow.meta.other?.['rsh.command'], 'mkdir testdir');
});

test('RSH: a non-digit port string, or a request without NUL at the end, is not RSH', () => {
  assert.equal(drive(rsh, 6, [{ ...RSH_SESSION[0], hex: '31a23200' }]).verdict, Verdict.No);
  const h = RSH_SESSION[1].hex;
  assert.equal(drive(rsh, 6, [RSH_SESSION[0], { ...RSH_SESSION[1], hex: h.slice(0, -2) + '0a' }]).verdict, Verdict.More);
  assert.equal(drive(rsh, 6, [RSH_SESSION[0], { ...RSH_SESSION[1], to: '127.0.0.1:515', hex: h.slice(0, -2) + '41' }]).verdict, Verdict.No);
});

test('RSH: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(rsh, 6, RSH_SESSION) > 0);
});
