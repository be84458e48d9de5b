import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { pgStartup, postgres } from '../../lib/classify/protocols/postgres.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

/** A v3 StartupMessage with the given parameters (length, 196608, key\0value\0 … \0). */
function startup(params: Record<string, string>): Uint8Array {
  const body = Buffer.concat([
    ...Object.entries(params).map(([k, v]) => Buffer.from(`${k}\0${v}\0`)),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.writeUInt32BE(196608, 4);
  return new Uint8Array(Buffer.concat([head, body]));
}

const SSL_REQUEST = '0000000804d2162f';
const CANCEL = '0000001004d2162e0000303900abcdef';

test('startup message: user, database, application name', () => {
  const m = startup({ user: 'alice', database: 'shop', application_name: 'psql' });
  const r = feed(postgres, makeFlow(6, 50000, 5432), [m]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.deepEqual(r.flow.meta.other, { 'postgres.user': 'alice', 'postgres.database': 'shop', 'postgres.application': 'psql' });
});

test('SSLRequest and CancelRequest are recognised by their codes', () => {
  const s = feed(postgres, makeFlow(6, 50000, 5432), [{ dir: 0, hex: SSL_REQUEST }]);
  assert.equal(s.verdict, Verdict.Yes);
  assert.equal(s.flow.meta.other?.['postgres.request'], 'ssl');
  assert.equal(feed(postgres, makeFlow(6, 50000, 5432), [{ dir: 0, hex: CANCEL }]).flow.meta.other?.['postgres.request'], 'cancel');
  // SSLRequest with a wrong length
  assert.equal(feed(postgres, makeFlow(6, 1, 5432), [{ dir: 0, hex: '0000000904d2162f00' }]).verdict, Verdict.No);
});

test('a startup split over segments waits; malformed parameters are refused', () => {
  const m = startup({ user: 'bob' });
  assert.equal(pgStartup(m, 0, 10), -1);
  const r = feed(postgres, makeFlow(6, 1, 5432), [m.subarray(0, 10), m.subarray(10)], [0, 0]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['postgres.user'], 'bob');
  const noTerminator = m.slice(0, m.length - 1);
  noTerminator[3] -= 1;
  assert.equal(pgStartup(noTerminator, 0, noTerminator.length), 0);
  const control = m.slice();
  control[9] = 0x01;
  assert.equal(pgStartup(control, 0, control.length), 0);
  // the server direction never starts a session
  assert.equal(feed(postgres, makeFlow(6, 1, 5432), [{ dir: 1, hex: SSL_REQUEST }]).verdict, Verdict.No);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(postgres, [startup({ user: 'u', database: 'd' }), bytes(SSL_REQUEST), bytes(CANCEL)]) > 0);
});
