import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { resp, respStart } from '../../lib/classify/protocols/resp.js';
import { drive, hammer } from './dissector-harness.js';

const SET = Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n').toString('hex');
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:6379', hex: SET };

test('RESP: a Redis command array', () => {
  const r = drive(resp, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RESP'));
});

test('RESP: a simple string, four digits or no CRLF is not what nDPI takes', () => {
  const b = (s: string) => Buffer.from(s);
  assert.equal(respStart(b('+OK\r\n+OK\r\n'), 0, 10), false);
  assert.equal(respStart(b('*1234\r\n$3\r\n'), 0, 11), false);
  assert.equal(respStart(b('$12 \r\nabcdef'), 0, 12), false);
  assert.equal(respStart(b('$12\r\nabcdef'), 0, 11), true);
});

test('RESP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(resp, 6, [PKT]) > 0);
});
