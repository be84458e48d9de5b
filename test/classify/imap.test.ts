import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { imap } from '../../lib/classify/protocols/imap.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { IMAP_LOGIN, POP3_LOGIN, SMTP_START, TLS_CLIENT_HELLO, type CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('IMAP: greeting, CAPABILITY and LOGIN make IMAP; LOGIN gives the credentials', () => {
  const r = drive(imap, 6, IMAP_LOGIN);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('IMAP'));
  const login = IMAP_LOGIN.map((p) => Buffer.from(p.hex, 'hex').toString('latin1')).find((t) => / LOGIN /.test(t))!;
  const [, user, pass] = / LOGIN (\S+) (\S+)/.exec(login)!;
  assert.equal(r.flow.meta.other?.['imap.user'], user);
  assert.equal(r.flow.meta.other?.['imap.password'], pass);
});

test('IMAP: quoted LOGIN arguments; STARTTLS + OK turns the flow into IMAPS', () => {
  const s = IMAP_LOGIN[0];
  const mk = (dir: 0 | 1, t: string): CorpusPkt => ({ frame: 0, from: dir === 0 ? s.to : s.from, to: dir === 0 ? s.from : s.to, hex: Buffer.from(t, 'latin1').toString('hex') });
  const q = drive(imap, 6, [mk(1, '* OK ready\r\n'), mk(0, 'a1 LOGIN "bob smith" "p w"\r\n'), mk(1, 'a1 OK done\r\n')]);
  assert.equal(q.flow.meta.other?.['imap.user'], 'bob smith');
  assert.equal(q.flow.meta.other?.['imap.password'], 'p w');
  const t = drive(imap, 6, [mk(1, '* OK IMAP4rev1\r\n'), mk(0, 'a1 CAPABILITY\r\n'), mk(1, '* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\n'), mk(0, 'a2 STARTTLS\r\n'), mk(1, 'a2 OK Begin TLS\r\n'), mk(0, Buffer.from(TLS_CLIENT_HELLO[0].hex, 'hex').toString('latin1'))]);
  assert.ok(t.flow.l7App === protocolId('IMAPS') || t.flow.l7Master === protocolId('IMAPS'));
  assert.equal(t.flow.meta.other?.['imap.starttls'], true);
  assert.equal(t.flow.meta.tls?.sni, 'edge-mqtt.facebook.com');
});

test('IMAP: SMTP and POP3 sessions are not IMAP', () => {
  assert.notEqual(drive(imap, 6, SMTP_START).flow.l7App, protocolId('IMAP'));
  assert.notEqual(drive(imap, 6, POP3_LOGIN).flow.l7App, protocolId('IMAP'));
});

test('IMAP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(imap, 6, IMAP_LOGIN) > 0);
});
