import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { smtp } from '../../lib/classify/protocols/smtp.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { matchHost } from '../../lib/classify/hosts.js';
import { FTP_LOGIN, IMAP_LOGIN, SMTP_START, TLS_CLIENT_HELLO } from './dhcp-stun-fixtures.js';
import { drive, hammer, type DriveResult } from './dissector-harness.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';

function session(lines: [0 | 1, string][]): CorpusPkt[] {
  const s = SMTP_START[0]; // server → client
  return lines.map(([dir, t]) => ({
    frame: 0,
    from: dir === 0 ? s.to : s.from,
    to: dir === 0 ? s.from : s.to,
    hex: Buffer.from(t, 'latin1').toString('hex'),
  }));
}

test('SMTP: banner, HELO, MAIL … make SMTP; the banner host is flow.host', () => {
  const r = drive(smtp, 6, SMTP_START);
  assert.ok(r.verdicts.includes(Verdict.YesMore));
  assert.equal(r.flow.l7App, protocolId('SMTP'));
  const banner = Buffer.from(SMTP_START[0].hex, 'hex').toString('latin1');
  assert.equal(r.flow.host, banner.split(' ')[1]);
});

test('SMTP: a banner host that names a service gives SMTP.<service>', () => {
  const service = matchHost('smtp.gmail.com');
  assert.notEqual(service, 0);
  const r = drive(smtp, 6, session([[1, '220 smtp.gmail.com ESMTP x\r\n'], [0, 'EHLO me\r\n'], [1, '250 ok\r\n']]));
  assert.equal(r.flow.l7Master, protocolId('SMTP'));
  assert.equal(r.flow.l7App, service);
});

test('SMTP: AUTH LOGIN credentials are decoded', () => {
  const r: DriveResult = drive(
    smtp,
    6,
    session([
      [1, '220 mail.example.org ESMTP\r\n'],
      [0, 'EHLO me\r\n'],
      [1, '250 ok\r\n'],
      [0, 'AUTH LOGIN\r\n'],
      [1, '334 VXNlcm5hbWU6\r\n'],
      [0, Buffer.from('alice').toString('base64') + '\r\n'],
      [1, '334 UGFzc3dvcmQ6\r\n'],
      [0, Buffer.from('s3cret').toString('base64') + '\r\n'],
    ]),
  );
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['smtp.user'], 'alice');
  assert.equal(r.flow.meta.other?.['smtp.password'], 's3cret');
});

test('SMTP: STARTTLS answered by 220 turns the flow into SMTPS; the TLS handshake is dissected', () => {
  const r = drive(
    smtp,
    6,
    session([
      [1, '220 mx.example.net ESMTP ready\r\n'],
      [0, 'EHLO client\r\n'],
      [1, '250-mx.example.net\r\n250 STARTTLS\r\n'],
      [0, 'STARTTLS\r\n'],
      [1, '220 2.0.0 Ready to start TLS\r\n'],
      [0, Buffer.from(TLS_CLIENT_HELLO[0].hex, 'hex').toString('latin1')],
    ]),
  );
  assert.equal(r.verdicts[r.verdicts.length - 2], Verdict.YesMore); // after the 220: the handshake follows
  assert.equal(r.flow.meta.other?.['smtp.starttls'], true);
  // the ClientHello's SNI names a service: SMTPS.<service>, with the TLS metadata
  assert.equal(r.flow.meta.tls?.sni, 'edge-mqtt.facebook.com');
  assert.ok(r.flow.meta.tls?.ja3c);
  const service = matchHost('edge-mqtt.facebook.com');
  assert.equal(r.flow.l7Master, service === 0 ? 0 : protocolId('SMTPS'));
  assert.equal(r.flow.l7App, service === 0 ? protocolId('SMTPS') : service);
});

test('SMTP: IMAP, FTP and binary streams are not SMTP', () => {
  assert.notEqual(drive(smtp, 6, IMAP_LOGIN).flow.l7App, protocolId('SMTP'));
  assert.notEqual(drive(smtp, 6, FTP_LOGIN).flow.l7App, protocolId('SMTP'));
  assert.equal(drive(smtp, 6, session([[0, '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03abcdefgh']])).verdict, Verdict.No);
});

test('SMTP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(smtp, 6, SMTP_START) > 0);
});
