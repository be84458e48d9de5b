import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { fastcgi, fcgiRecord } from '../../lib/classify/protocols/fastcgi.js';
import { FCGI_BEGIN } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** A PARAMS record with HTTP_HOST=example.org and REQUEST_METHOD=GET (FastCGI spec layout). */
function paramsRecord(): string {
  const pair = (k: string, v: string) => Buffer.concat([Buffer.from([k.length, v.length]), Buffer.from(k + v)]);
  const body = Buffer.concat([pair('HTTP_HOST', 'example.org'), pair('REQUEST_METHOD', 'GET')]);
  const hdr = Buffer.from([1, 4, 0, 1, body.length >> 8, body.length & 255, 0, 0]);
  return Buffer.concat([hdr, body]).toString('hex');
}

test('FastCGI: BEGIN_REQUEST then a PARAMS record with the host', () => {
  const r = drive(fastcgi, 6, [FCGI_BEGIN[0], { ...FCGI_BEGIN[0], hex: paramsRecord() }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('FastCGI'));
  assert.equal(r.flow.host, 'example.org');
  assert.equal(r.flow.meta.other?.['fastcgi.method'], 'GET');
});

test('FastCGI: the third well-formed record decides without PARAMS', () => {
  const b = FCGI_BEGIN[0];
  assert.equal(drive(fastcgi, 6, [b, b, b]).verdict, Verdict.Yes);
  assert.equal(drive(fastcgi, 6, [b, b]).verdict, Verdict.More);
});

test('FastCGI: version 2, an unknown type or a length mismatch is not FastCGI', () => {
  const h = FCGI_BEGIN[0].hex;
  const bytes = (x: string) => Buffer.from(x, 'hex');
  assert.equal(fcgiRecord(bytes('02' + h.slice(2)), 0, h.length / 2), false);
  assert.equal(fcgiRecord(bytes('010c' + h.slice(4)), 0, h.length / 2), false);
  assert.equal(fcgiRecord(bytes(h + '00'), 0, h.length / 2 + 1), false);
});

test('FastCGI: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(fastcgi, 6, [FCGI_BEGIN[0], { ...FCGI_BEGIN[0], hex: paramsRecord() }]) > 0);
});
