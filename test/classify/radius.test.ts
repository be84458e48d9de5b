import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { radius } from '../../lib/classify/protocols/radius.js';
import { drive, hammer } from './dissector-harness.js';

/** An Access-Request (code 1, id 7, length 20 + a User-Name attribute), RFC 2865 layout. */
const ACCESS_REQUEST = '0107001a' + '00'.repeat(16) + '0106' + Buffer.from('user').toString('hex');
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:1812', hex: ACCESS_REQUEST };

test('Radius: an Access-Request to 1812', () => {
  const r = drive(radius, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Radius'));
});

test('Radius: a wrong length or code keeps looking, then gives up; other ports are not looked at', () => {
  const bad = { ...PKT, hex: '0e07001a' + ACCESS_REQUEST.slice(8) };
  assert.equal(drive(radius, 17, [bad]).verdict, Verdict.More);
  assert.equal(drive(radius, 17, [bad, bad, bad, bad]).verdict, Verdict.No);
  assert.equal(drive(radius, 17, [{ ...PKT, to: '10.0.0.2:1900' }]).verdict, Verdict.More);
});

test('Radius: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(radius, 17, [PKT]) > 0);
});
