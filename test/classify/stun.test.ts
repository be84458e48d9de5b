import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { stun, stunCode } from '../../lib/classify/protocols/stun.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { RTP_PCMA, SIP_REGISTER, STUN_FB, STUN_TCP_FRAMED } from './dhcp-stun-fixtures.js';
import { drive, flowFor, hammer, hexBytes } from './dissector-harness.js';

test('STUN: the first message decides; the REALM names the service (STUN.FacebookVoip)', () => {
  const r = drive(stun, 17, STUN_FB);
  assert.equal(r.verdicts[0], Verdict.YesMore);
  assert.equal(r.flow.l7Master, protocolId('STUN'));
  assert.equal(r.flow.l7App, protocolId('FacebookVoip'));
  assert.match(r.flow.host, /facebook/);
  // XOR-MAPPED-ADDRESS, XOR-RELAYED-ADDRESS of the Allocate success
  assert.match(String(r.flow.meta.other?.['stun.mapped_address']), /^\d+\.\d+\.\d+\.\d+:\d+$/);
  assert.match(String(r.flow.meta.other?.['stun.relayed_address']), /^\d+\.\d+\.\d+\.\d+:\d+$/);
});

test('STUN: a plain Binding request is STUN with no service', () => {
  const r = drive(stun, 17, STUN_FB.slice(0, 1));
  assert.equal(r.verdict, Verdict.YesMore);
  assert.equal(r.flow.l7App, protocolId('STUN'));
  assert.equal(r.flow.l7Master, 0);
});

test('STUN: the legacy "RSP/… STUN_" text form is STUN', () => {
  const hex = Buffer.from('RSP/1.0 STUN_OK 0 0\r\n').toString('hex');
  assert.equal(drive(stun, 17, [{ ...STUN_FB[0], hex }]).verdict, Verdict.YesMore);
});

test('STUN: Google TURN addresses make STUN.GoogleCall', () => {
  const p = { ...STUN_FB[0], to: '142.250.82.99:3478' };
  const r = drive(stun, 17, [p]);
  assert.equal(r.flow.l7App, protocolId('GoogleCall'));
  const q = { ...STUN_FB[0], to: '142.250.83.99:3478' };
  assert.equal(drive(stun, 17, [q]).flow.l7App, protocolId('STUN'));
});

test('STUN over TCP with RFC 4571 framing; Microsoft attributes make STUN.Skype_TeamsCall', () => {
  const r = drive(stun, 6, STUN_TCP_FRAMED);
  assert.ok(r.verdict === Verdict.YesMore || r.verdict === Verdict.Yes);
  assert.equal(r.flow.l7Master, protocolId('STUN'));
  assert.equal(r.flow.l7App, protocolId('Skype_TeamsCall'));
  // the same messages split in two segments
  const hex = STUN_TCP_FRAMED[0].hex;
  const s = drive(stun, 6, [
    { ...STUN_TCP_FRAMED[0], hex: hex.slice(0, 30) },
    { ...STUN_TCP_FRAMED[0], hex: hex.slice(30) },
  ]);
  assert.deepEqual(s.verdicts.slice(0, 2), [Verdict.More, Verdict.YesMore]);
});

test('STUN: a DTLS handshake after STUN is handed over (DTLS keeps the service)', () => {
  const flow = flowFor(17, { ...STUN_FB[0], to: '142.250.82.99:3478' });
  const r1 = drive(stun, 17, [{ ...STUN_FB[0], to: '142.250.82.99:3478' }], {}, flow);
  assert.equal(r1.flow.l7App, protocolId('GoogleCall'));
  // a DTLS 1.2 record header + a truncated ClientHello fragment header
  const dtls = '16feff00000000000000000018' + '010000c00000000000000018' + 'fefd' + '00'.repeat(22);
  const r2 = drive(stun, 17, [{ ...STUN_FB[0], to: '142.250.82.99:3478', hex: dtls }], {}, flow);
  assert.ok(r2.verdicts.length === 1);
  assert.equal(r2.flow.l7App, protocolId('GoogleCall'));
});

test('STUN: RTP, SIP and multicast destinations are not STUN', () => {
  assert.notEqual(drive(stun, 17, RTP_PCMA).verdict, Verdict.YesMore);
  assert.notEqual(drive(stun, 17, SIP_REGISTER).verdict, Verdict.YesMore);
  assert.equal(drive(stun, 17, [{ ...STUN_FB[0], to: '239.255.255.250:3478' }]).verdict, Verdict.No);
  const b = hexBytes(STUN_FB[0].hex);
  b[3] ^= 4; // length no longer matches
  assert.equal(drive(stun, 17, [{ ...STUN_FB[0], hex: Buffer.from(b).toString('hex') }]).verdict, Verdict.More);
});

test('STUN: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(stun, 17, STUN_FB) > 0);
  assert.ok(hammer(stun, 6, STUN_TCP_FRAMED) > 0);
});

test('stunCode: nDPI is_stun answers (1 STUN, 0 not STUN, -1 no STUN header)', () => {
  const bind = hexBytes('000100002112a442' + '0102030405060708090a0b0c');
  assert.equal(stunCode(bind, 0, bind.length, false), 1);
  // no magic cookie, not a classic type: 0
  const odd = hexBytes('00050000' + '11'.repeat(16));
  assert.equal(stunCode(odd, 0, odd.length, false), 0);
  // length field that does not fit: -1
  const bad = hexBytes('000100042112a442' + '0102030405060708090a0b0c');
  assert.equal(stunCode(bad, 0, bad.length, false), -1);
  assert.equal(stunCode(bind, 0, 10, false), -1);
  // TCP without the cookie: 0; with RFC 4571 framing: 1
  assert.equal(stunCode(odd, 0, odd.length, true), 0);
  const framed = hexBytes('0014' + '000100002112a442' + '0102030405060708090a0b0c');
  assert.equal(stunCode(framed, 0, framed.length, true), 1);
});
