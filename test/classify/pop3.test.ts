import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { pop3 } from '../../lib/classify/protocols/pop3.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { IMAP_LOGIN, POP3_LOGIN, SMTP_START, TLS_CLIENT_HELLO, type CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

function line(hex: string, cmd: string): string {
  const t = Buffer.from(hex, 'hex').toString('latin1');
  return t.slice(cmd.length + 1).trim();
}

test('POP3: +OK greeting and USER make POP3; USER/PASS are the credentials', () => {
  const r = drive(pop3, 6, POP3_LOGIN);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('POP3'));
  const user = POP3_LOGIN.find((p) => /^75736572/i.test(p.hex))!; // "user"
  const pass = POP3_LOGIN.find((p) => /^70617373/i.test(p.hex))!; // "pass"
  assert.equal(r.flow.meta.other?.['pop3.user'], line(user.hex, 'user'));
  assert.equal(r.flow.meta.other?.['pop3.password'], line(pass.hex, 'pass'));
});

test('POP3: STLS answered by +OK turns the flow into POPS', () => {
  const s = POP3_LOGIN[0];
  const mk = (dir: 0 | 1, t: string): CorpusPkt => ({ frame: 0, from: dir === 0 ? s.to : s.from, to: dir === 0 ? s.from : s.to, hex: Buffer.from(t, 'latin1').toString('hex') });
  const r = drive(pop3, 6, [mk(1, '+OK POP3 ready\r\n'), mk(0, 'CAPA\r\n'), mk(1, '+OK\r\nSTLS\r\n.\r\n'), mk(0, 'STLS\r\n'), mk(1, '+OK Begin TLS\r\n')]);
  assert.equal(r.flow.l7App, protocolId('POPS'));
  assert.equal(r.verdict, Verdict.YesMore);
  const t = drive(pop3, 6, [mk(1, '+OK POP3 ready\r\n'), mk(0, 'STLS\r\n'), mk(1, '+OK Begin TLS\r\n'), mk(0, Buffer.from(TLS_CLIENT_HELLO[0].hex, 'hex').toString('latin1'))]);
  assert.equal(t.flow.meta.tls?.sni, 'edge-mqtt.facebook.com');
  assert.ok(t.flow.l7App === protocolId('POPS') || t.flow.l7Master === protocolId('POPS'));
});

test('POP3: SMTP and IMAP sessions are not POP3', () => {
  assert.notEqual(drive(pop3, 6, SMTP_START).flow.l7App, protocolId('POP3'));
  assert.notEqual(drive(pop3, 6, IMAP_LOGIN).flow.l7App, protocolId('POP3'));
});

test('POP3: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(pop3, 6, POP3_LOGIN) > 0);
});
