import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { rtsp } from '../../lib/classify/protocols/rtsp.js';

/** rtsp.pcap: the client's OPTIONS request (first line ends with RTSP/1.0). */
const OPTIONS: readonly CorpusPkt[] = [
  { frame: 309, from: '10.1.1.10:52478', to: '10.2.2.2:8554', hex: '4f5054494f4e5320727473703a2f2f31302e322e322e323a383535342f20525453502f312e300d0a435365713a20320d0a557365722d4167656e743a204c6962564c432f332e302e313620284c4956453535352053747265616d696e67204d656469612076323031362e31312e3238290d0a0d0a' },
];

test('RTSP: a request line ending in RTSP/1.0, with the User-Agent', () => {
  const r = drive(rtsp, 6, OPTIONS);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RTSP'));
  assert.match(String(r.flow.meta.other?.['rtsp.user_agent']), /^LibVLC/);
});

test('RTSP: a response line and the tunnelled content type', () => {
  const resp = Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n').toString('hex');
  assert.equal(drive(rtsp, 6, [{ ...OPTIONS[0], hex: resp }]).verdict, Verdict.Yes);
  const tun = Buffer.from('GET /cam HTTP/1.0\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n').toString('hex');
  assert.equal(drive(rtsp, 6, [{ ...OPTIONS[0], hex: tun }]).verdict, Verdict.Yes);
});

test('RTSP: an HTTP request, or a line without CRLF, is not RTSP', () => {
  const http = Buffer.from('OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n').toString('hex');
  assert.equal(drive(rtsp, 6, [{ ...OPTIONS[0], hex: http }]).verdict, Verdict.No);
  const noCrlf = Buffer.from('OPTIONS rtsp://x/ RTSP/1.0').toString('hex');
  assert.equal(drive(rtsp, 6, [{ ...OPTIONS[0], hex: noCrlf }]).verdict, Verdict.No);
});

test('RTSP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(rtsp, 6, OPTIONS) > 0);
  assert.ok(hammer(rtsp, 17, OPTIONS) > 0);
});
