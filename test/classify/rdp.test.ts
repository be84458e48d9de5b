import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { rdp, rdpConnect } from '../../lib/classify/protocols/rdp.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { RDP_TLS } from './enterprise-fixtures.js';
import { drive } from './dissector-harness.js';

// rdp.pcap frame 4: X.224 Connection Request with RDP_NEG_REQ (TLS | CredSSP | RDSTLS = 0x0b)
const CR = '030000130ee00000000000010008000b000000';
// rdp.pcap frame 5: Connection Confirm with RDP_NEG_RSP (selected: RDSTLS = 8)
const CC = '030000130ed00000123400021f080008000000';

/** A Connection Request carrying "Cookie: mstshash=<user>\r\n" and an RDP_NEG_REQ. */
function crWithCookie(user: string): Uint8Array {
  const cookie = Buffer.from(`Cookie: mstshash=${user}\r\n`);
  const neg = Buffer.from('0100080003000000', 'hex');
  const len = 4 + 7 + cookie.length + neg.length;
  const head = Buffer.from([3, 0, len >> 8, len & 255, len - 5, 0xe0, 0, 0, 0, 0, 0]);
  return new Uint8Array(Buffer.concat([head, cookie, neg]));
}

test('rdp.pcap: the flow is RDP by DPI, requested protocols from the negotiation', { skip: NO_CORPUS }, () => {
  const [v] = classifyCapture(corpusFile('rdp.pcap'));
  assert.equal(v.ndpi, 'RDP');
  assert.equal(v.ours, 'RDP');
  assert.equal(v.flow.confidence, 'dpi');
  assert.equal(v.flow.meta.other?.['rdp.requested_protocols'], 0x0b);
});

test('connection request with a cookie: user name', () => {
  const r = feed(rdp, makeFlow(6, 52494, 3389), [crWithCookie('alice')]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['rdp.cookie'], 'alice');
  assert.equal(r.flow.meta.other?.['rdp.requested_protocols'], 3);
});

test('connection confirm seen first: selected protocol', () => {
  const r = feed(rdp, makeFlow(6, 52494, 3389), [{ dir: 1, hex: CC }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['rdp.selected_protocol'], 8);
});

test('ISO transport that is not RDP (S7comm COTP request with TSAP parameters) is refused', () => {
  const s7 = bytes('0300001611e00000000100c0010ac1020100c2020102');
  assert.equal(rdpConnect(s7, 0, s7.length), 0);
  // a TPKT whose X.224 length indicator disagrees with the TPKT length
  const bad = bytes(CR);
  bad[4] = 0x0d;
  assert.equal(rdpConnect(bad, 0, bad.length), 0);
  assert.equal(feed(rdp, makeFlow(6, 1, 3389), [{ dir: 0, hex: '16030100a8010000a4' }]).verdict, Verdict.No);
});

test('a request cut inside the TPDU header waits', () => {
  const b = bytes(CR);
  assert.equal(rdpConnect(b, 0, 6), -1);
  const r = feed(rdp, makeFlow(6, 1, 3389), [b.subarray(0, 6), b.subarray(6)], [0, 0]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 2);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(rdp, [bytes(CR), bytes(CC), crWithCookie('bob')]) > 0);
});

test('RDP: a request asking for TLS, then the TLS ClientHello, is TLS.RDP (nDPI rdp.c)', () => {
  const r = drive(rdp, 6, RDP_TLS);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7Master, protocolId('TLS'));
  assert.equal(r.flow.l7App, protocolId('RDP'));
  // without the TLS record the flow stays plain RDP (the handshake may come later or never)
  const plain = drive(rdp, 6, RDP_TLS.slice(0, 2));
  assert.equal(plain.flow.l7Master, 0);
  assert.equal(plain.flow.l7App, protocolId('RDP'));
});
