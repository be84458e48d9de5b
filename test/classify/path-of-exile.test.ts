import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { pathOfExile } from '../../lib/classify/protocols/path-of-exile.js';

/** path_of_exile.pcapng frame 4: the login carrying the character name, to port 6112. */
const LOGIN: CorpusPkt = {
  frame: 4,
  from: '192.168.88.231:36262',
  to: '198.50.120.150:6112',
  hex: '000300377560000200096e4450495f54657374ec8fecf20000000040000001',
};

test('PathofExile: the login as first TCP payload', () => {
  const r = drive(pathOfExile, 6, [LOGIN]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('PathofExile'));
});

test('PathofExile: another trailer, or the login after another packet, is not it', () => {
  assert.equal(drive(pathOfExile, 6, [{ ...LOGIN, hex: LOGIN.hex.slice(0, -2) + '02' }]).verdict, Verdict.No);
  const first = { frame: 3, from: LOGIN.to, to: LOGIN.from, hex: '0102' };
  assert.equal(drive(pathOfExile, 6, [first, LOGIN]).verdict, Verdict.No);
});

test('PathofExile: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(pathOfExile, 6, [LOGIN]) > 0);
});
