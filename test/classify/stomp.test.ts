import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { stomp } from '../../lib/classify/protocols/stomp.js';
import { drive, driveBytes, flowFor, hammer } from './dissector-harness.js';

/** A STOMP 1.2 connect frame (STOMP spec). */
const CONNECT = Buffer.from('STOMP\naccept-version:1.2\nhost:broker.example\n\n\0').toString('hex');
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:61613', hex: CONNECT };

test('STOMP: the client connect frame', () => {
  const r = drive(stomp, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('STOMP'));
});

test('STOMP: the server CONNECTED frame (over 100 bytes) decides too; another first frame is not STOMP', () => {
  const connected = 'CONNECTED\nversion:1.2\nsession:' + 'x'.repeat(60) + '\nserver:ActiveMQ/5.18.3\nheart-beat:0,0\n\n\0';
  const srv = { frame: 0, from: '10.0.0.2:61613', to: '10.0.0.1:40000', hex: Buffer.from(connected).toString('hex') };
  const flow = flowFor(6, PKT);
  assert.equal(driveBytes(stomp, flow, [{ dir: 1, bytes: Buffer.from(srv.hex, 'hex') }]).verdict, Verdict.Yes);
  const short = { ...srv, hex: Buffer.from('CONNECTED\nversion:1.2\n\n\0').toString('hex') };
  assert.equal(drive(stomp, 6, [{ ...PKT, hex: Buffer.from('CONNECT\nlogin:a\npasscode:b\n\n\0').toString('hex') }, short]).verdict, Verdict.No);
  assert.equal(drive(stomp, 6, [{ ...PKT, hex: Buffer.from('SEND\ndestination:/queue/a\n\nhello\0').toString('hex') }]).verdict, Verdict.No);
});

test('STOMP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(stomp, 6, [PKT]) > 0);
});
