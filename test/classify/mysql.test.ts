import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { mysql, mysqlGreeting } from '../../lib/classify/protocols/mysql.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// mysql.pcapng frame 4: MariaDB greeting (protocol 10, "5.5.5-10.6.12-MariaDB-0ubuntu0.22.04.1")
const MARIADB_GREETING =
  '6a0000000a352e352e352d31302e362e31322d4d6172696144422d307562756e7475302e32322e30342e3100200000004767' +
  '503d212b544800fef72d0200ff81150000000000001d0000004976374f652f59526d52313e006d7973716c5f6e61746976' +
  '655f70617373776f726400';
// mysql.pcapng frame 19: MySQL 8.0.36 greeting
const MYSQL8_GREETING =
  '4a0000000a382e302e3336000c00000031747567785f235600ffffff0200ffdf150000000000000000000070223e346d0f36' +
  '7c31226a7c0063616368696e675f736861325f70617373776f726400';
// mysql.pcapng frame 6, first 70 bytes: handshake response (user "admin")
const LOGIN =
  'd600000184a6ff200000000121000000000000000000000000000000000000001d00000061646d696e0014e38721fbab8305' +
  'd547465b19e40b1ce58bdf1b8f';
// mysql.pcapng frame 21: SSL request (32 bytes)
const SSL_REQUEST = '2000000185aeff1900000001ff0000000000000000000000000000000000000000000000';

test('mysql.pcapng: both flows are MySQL with the server version', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('mysql.pcapng'));
  assert.equal(vs.length, 2);
  const versions = vs.map((v) => v.flow.meta.other?.['mysql.server_version']).sort();
  assert.deepEqual(versions, ['5.5.5-10.6.12-MariaDB-0ubuntu0.22.04.1', '8.0.36']);
  for (const v of vs) assert.equal(v.ours, v.ndpi);
});

test('greeting then login: server version and user', () => {
  const r = feed(mysql, makeFlow(6, 36732, 3306), [
    { dir: 1, hex: MARIADB_GREETING },
    { dir: 0, hex: LOGIN },
  ]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['mysql.server_version'], '5.5.5-10.6.12-MariaDB-0ubuntu0.22.04.1');
  assert.equal(r.flow.meta.other?.['mysql.user'], 'admin');
});

test('SSL request: no user, verdict settles', () => {
  const r = feed(mysql, makeFlow(6, 36272, 3306), [
    { dir: 1, hex: MYSQL8_GREETING },
    { dir: 0, hex: SSL_REQUEST },
  ]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['mysql.server_version'], '8.0.36');
  assert.equal(r.flow.meta.other?.['mysql.user'], undefined);
});

test('a greeting split over segments waits; a client that speaks first is not MySQL', () => {
  const g = bytes(MYSQL8_GREETING);
  assert.equal(mysqlGreeting(g, 0, 30), -1);
  const r = feed(mysql, makeFlow(6, 1, 3306), [g.subarray(0, 30), g.subarray(30)], [1, 1]);
  assert.equal(r.verdict, Verdict.YesMore);
  assert.equal(r.flow.l7App, 20);
  const get = Buffer.from('GET / HTTP/1.1\r\n\r\n').toString('hex');
  assert.equal(feed(mysql, makeFlow(6, 1, 3306), [{ dir: 0, hex: get }]).verdict, Verdict.No);
  const wrongVersion = g.slice();
  wrongVersion[4] = 9; // protocol 9
  assert.equal(mysqlGreeting(wrongVersion, 0, g.length), 0);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(mysql, [MARIADB_GREETING, MYSQL8_GREETING, LOGIN, SSL_REQUEST].map(bytes)) > 0);
});

test('MySQL: as nDPI, a greeting must end with a mysql_/caching_ plugin name and have a one-digit major version', () => {
  const g = bytes(MYSQL8_GREETING);
  assert.ok(mysqlGreeting(g, 0, g.length) > 0);
  // "caching_sha2_password" → "xaching_sha2_password"
  const other = bytes(MYSQL8_GREETING.replace('63616368696e67', '78616368696e67'));
  assert.equal(mysqlGreeting(other, 0, other.length), 0);
  // version "8.0.36" → "9.0.36" (nDPI accepts '1'..'8' only)
  const nine = bytes(MYSQL8_GREETING.replace('0a382e30', '0a392e30'));
  assert.equal(mysqlGreeting(nine, 0, nine.length), 0);
});
