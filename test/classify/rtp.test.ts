import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { rtp } from '../../lib/classify/protocols/rtp.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { RTCP_ONE, RTP_PCMA, SIP_REGISTER } from './dhcp-stun-fixtures.js';
import { drive, hammer, hexBytes } from './dissector-harness.js';

test('RTP: the third RTP packet decides; payload type and stream content are kept', () => {
  const r = drive(rtp, 17, RTP_PCMA);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.More, Verdict.Yes]);
  assert.equal(r.flow.l7App, protocolId('RTP'));
  const pt = hexBytes(RTP_PCMA[0].hex)[1] & 0x7f;
  assert.equal(r.flow.meta.other?.['rtp.payload_type'], pt);
  assert.equal(r.flow.meta.other?.['rtp.stream_content'], 'Audio'); // PCMA (8) is audio
});

test('RTP: a repeated sequence number on the third packet is not a stream', () => {
  const r = drive(rtp, 17, [RTP_PCMA[0], RTP_PCMA[1], RTP_PCMA[0]]);
  assert.equal(r.verdict, Verdict.No);
});

test('RTP: a single RTCP packet is not enough (nDPI leaves it Unknown); four are RTCP', () => {
  assert.equal(drive(rtp, 17, RTCP_ONE).verdict, Verdict.More);
  const r = drive(rtp, 17, [RTCP_ONE[0], RTCP_ONE[0], RTCP_ONE[0], RTCP_ONE[0]]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RTCP'));
});

test('RTP: well-known destination ports and text are excluded', () => {
  assert.equal(drive(rtp, 17, [{ ...RTP_PCMA[0], to: '212.242.33.36:53' }]).verdict, Verdict.No);
  assert.equal(drive(rtp, 17, [{ ...RTP_PCMA[0], to: '224.0.0.251:5353' }]).verdict, Verdict.No);
  const sip = { ...SIP_REGISTER[0], to: '1.2.3.4:40000' };
  assert.equal(drive(rtp, 17, [sip, sip, sip, sip, sip]).verdict, Verdict.No);
});

test('RTP: over TCP with RFC 4571 framing, frames split across segments', () => {
  const frames = RTP_PCMA.map((p) => {
    const b = hexBytes(p.hex);
    return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b]).toString('hex');
  });
  const all = frames.join('');
  const cut = Math.floor(all.length / 3) & ~1;
  const r = drive(rtp, 6, [
    { ...RTP_PCMA[0], hex: all.slice(0, cut) },
    { ...RTP_PCMA[0], hex: all.slice(cut) },
  ]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RTP'));
});

test('RTP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(rtp, 17, RTP_PCMA) > 0);
  assert.ok(hammer(rtp, 6, RTP_PCMA) > 0);
});

test('RTP: a packet that is neither RTP nor RTCP nor STUN-like ends the search (nDPI)', () => {
  // telegram.pcap shape: one RTP-looking datagram, then an encrypted one with no STUN header
  const noise = { ...RTP_PCMA[1], hex: 'e9377978' + 'ab'.repeat(76) };
  const r = drive(rtp, 17, [RTP_PCMA[0], noise, RTP_PCMA[1], RTP_PCMA[2]]);
  assert.equal(r.verdict, Verdict.No);
  assert.equal(r.calls, 2);
});

test('RTP: RTCP between RTP packets is skipped', () => {
  const r = drive(rtp, 17, [RTP_PCMA[0], RTCP_ONE[0], RTP_PCMA[1], RTP_PCMA[2]]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('RTP'));
});
