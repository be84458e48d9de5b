import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { haproxy } from '../../lib/classify/protocols/haproxy.js';
import { icecast } from '../../lib/classify/protocols/icecast.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

const hexOf = (s: string) => Buffer.from(s, 'latin1').toString('hex');

/** haproxy.pcap frame 1 (first 100 bytes): a PROXY v1 line followed by a TLS ClientHello. */
const PROXY_HELLO: CorpusPkt = {
  frame: 1,
  from: '1.1.1.1:48502',
  to: '2.2.2.2:443',
  hex: '50524f585920544350342031312e3131312e31312e313131203232322e3232322e3232322e3232203532313736203434330d0a16030100fd010000f90303657c5959dbc1d969b584cd12f1631910c3c64458ea4550ab820a5d844feb0f8b2099a04715fc',
};

test('HAProxy: "PROXY TCP…" line then the proxied bytes, in the first packet', () => {
  const r = drive(haproxy, 6, [PROXY_HELLO]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(l7ProtoName(r.flow.l7Master, r.flow.l7App), 'HAProxy');
  // the header line alone (nothing after its CRLF), or no CRLF, or another start: not it
  const lineOnly = PROXY_HELLO.hex.slice(0, PROXY_HELLO.hex.indexOf('0d0a') + 4);
  assert.equal(drive(haproxy, 6, [{ ...PROXY_HELLO, hex: lineOnly }]).verdict, Verdict.No);
  assert.equal(drive(haproxy, 6, [{ ...PROXY_HELLO, hex: hexOf('PROXY TCP4 1.2.3.4 5.6.7.8 1 2') }]).verdict, Verdict.No);
  assert.equal(drive(haproxy, 6, [{ ...PROXY_HELLO, hex: hexOf('PROXY UDP4 1.2.3.4\r\nxx') }]).verdict, Verdict.No);
});

test('IceCast: a SOURCE request with ice- headers, or a server that says Icecast', () => {
  const src = {
    frame: 0,
    from: '10.0.0.1:40000',
    to: '10.0.0.2:8000',
    hex: hexOf('SOURCE /live ICE/1.0\r\ncontent-type: audio/mpeg\r\nice-name: Radio\r\nice-public: 0\r\n\r\n'),
  };
  const r = drive(icecast, 6, [src]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(l7ProtoName(r.flow.l7Master, r.flow.l7App), 'IceCast');
  const noIce = { ...src, hex: hexOf('SOURCE /live ICE/1.0\r\ncontent-type: audio/mpeg\r\n\r\n') };
  const answer = { frame: 1, from: src.to, to: src.from, hex: hexOf('HTTP/1.0 200 OK\r\nServer: Icecast 2.4.4\r\n\r\n') };
  assert.deepEqual(drive(icecast, 6, [noIce, answer]).verdicts, [Verdict.More, Verdict.Yes]);
  const other = { ...answer, hex: hexOf('HTTP/1.0 200 OK\r\nServer: nginx\r\n\r\n') };
  assert.deepEqual(drive(icecast, 6, [noIce, other]).verdicts, [Verdict.More, Verdict.No]);
});

test('HAProxy / IceCast: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(haproxy, 6, [PROXY_HELLO]) > 0);
  assert.ok(hammer(icecast, 6, [PROXY_HELLO]) > 0);
});

test('HAProxy: the binary version 2 signature, version nibble 2', () => {
  // signature, v2 PROXY command, TCP over IPv4, 12 address bytes: 127.0.0.1:60380 → 127.0.0.1:8110
  const v2 = '0d0a0d0a000d0a515549540a' + '21' + '11' + '000c' + '7f000001' + '7f000001' + 'ebdc' + '1fae';
  const p = { frame: 0, from: '127.0.0.1:60380', to: '127.0.0.1:8110', hex: v2 };
  assert.equal(drive(haproxy, 6, [p]).verdict, Verdict.Yes);
  assert.equal(drive(haproxy, 6, [{ ...p, hex: v2.slice(0, 24) + '11' + v2.slice(26) }]).verdict, Verdict.No);
  assert.equal(drive(haproxy, 6, [{ ...p, hex: '0d0a0d0a000d0a515549540b' + v2.slice(24) }]).verdict, Verdict.No);
});
