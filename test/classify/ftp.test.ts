import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { ftpControl } from '../../lib/classify/protocols/ftp-control.js';
import { ftpData } from '../../lib/classify/protocols/ftp-data.js';
import { DissectContext } from '../../lib/classify/context.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { FTP_LISTING, FTP_LOGIN, FTP_PASV, POP3_LOGIN, SMTP_START, TLS_CLIENT_HELLO, type CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, flowFor, hammer, hexBytes } from './dissector-harness.js';

const text = (p: CorpusPkt) => Buffer.from(p.hex, 'hex').toString('latin1');

test('FTP_CONTROL: banner + USER decide; USER/PASS are kept while the flow is watched', () => {
  const r = drive(ftpControl, 6, FTP_LOGIN);
  assert.equal(r.verdict, Verdict.YesMore);
  assert.equal(r.flow.l7App, protocolId('FTP_CONTROL'));
  const user = FTP_LOGIN.map(text).find((t) => t.startsWith('USER '))!.slice(5).trim();
  const pass = FTP_LOGIN.map(text).find((t) => t.startsWith('PASS '))!.slice(5).trim();
  assert.equal(r.flow.meta.other?.['ftp.user'], user);
  assert.equal(r.flow.meta.other?.['ftp.password'], pass);
});

test('FTP: the PASV reply makes the data connection FTP_DATA (expected endpoint, in the run)', () => {
  const ctx = new DissectContext();
  const ctl = flowFor(6, FTP_LOGIN[0]);
  drive(ftpControl, 6, [...FTP_LOGIN, ...FTP_PASV], { ctx }, ctl);
  const m = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(text(FTP_PASV[1]))!;
  const server = `${m[1]}.${m[2]}.${m[3]}.${m[4]}:${Number(m[5]) * 256 + Number(m[6])}`;
  // a data connection to that endpoint carrying bytes no heuristic knows
  const data: CorpusPkt = { frame: 0, from: '192.168.1.212:50696', to: server, hex: '00'.repeat(64) };
  // another run (or none) does not know the endpoint
  assert.equal(drive(ftpData, 6, [data], { ctx: new DissectContext() }).verdict, Verdict.No);
  assert.equal(drive(ftpData, 6, [data]).verdict, Verdict.No);
  const r = drive(ftpData, 6, [data], { ctx });
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('FTP_DATA'));
  assert.equal(r.flow.meta.other?.['ftp_data.source'], 'expected');
  assert.equal(r.flow.meta.other?.['ftp_data.control_flow'], ctl.id);
  // consumed: a second connection to the same endpoint is not expected any more
  assert.equal(drive(ftpData, 6, [data], { ctx }).verdict, Verdict.No);
});

test('FTP: PORT and EPRT announce the client side; EPSV the control server', () => {
  const ctx = new DissectContext();
  const s = FTP_LOGIN[0];
  const mk = (dir: 0 | 1, t: string): CorpusPkt => ({ frame: 0, from: dir === 0 ? s.to : s.from, to: dir === 0 ? s.from : s.to, hex: Buffer.from(t).toString('hex') });
  drive(ftpControl, 6, [mk(1, '220 hi\r\n'), mk(0, 'USER a\r\n'), mk(0, 'PORT 10,1,2,3,4,1\r\n'), mk(0, 'EPRT |2|2001:db8::7|5282|\r\n'), mk(1, '229 Entering Extended Passive Mode (|||6446|)\r\n')], { ctx });
  const z = '00'.repeat(32);
  assert.equal(drive(ftpData, 6, [{ frame: 0, from: '9.9.9.9:20000', to: '10.1.2.3:1025', hex: z }], { ctx }).verdict, Verdict.Yes);
  assert.equal(drive(ftpData, 6, [{ frame: 0, from: '2001:db8::1:40000', to: '2001:db8::7:5282', hex: z }], { ctx }).verdict, Verdict.Yes);
  const srv = s.from.slice(0, s.from.lastIndexOf(':'));
  assert.equal(drive(ftpData, 6, [{ frame: 0, from: '1.1.1.1:40000', to: `${srv}:6446`, hex: z }], { ctx }).verdict, Verdict.Yes);
});

test('FTP: AUTH TLS answered by 234 makes FTPS; the TLS handshake is dissected', () => {
  const s = FTP_LOGIN[0];
  const mk = (dir: 0 | 1, hex: string): CorpusPkt => ({ frame: 0, from: dir === 0 ? s.to : s.from, to: dir === 0 ? s.from : s.to, hex });
  const t = (x: string) => Buffer.from(x).toString('hex');
  const r = drive(ftpControl, 6, [mk(1, t('220 hi\r\n')), mk(0, t('AUTH TLS\r\n')), mk(1, t('234 Proceed\r\n')), mk(0, TLS_CLIENT_HELLO[0].hex)]);
  assert.ok(r.flow.l7App === protocolId('FTPS') || r.flow.l7Master === protocolId('FTPS'));
  assert.equal(r.flow.meta.other?.['ftp.starttls'], true);
  assert.equal(r.flow.meta.tls?.sni, 'edge-mqtt.facebook.com');
});

test('FTP_DATA: a directory listing is FTP_DATA by content (nDPI), only with the SYN seen', () => {
  const r = drive(ftpData, 6, FTP_LISTING);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['ftp_data.source'], 'listing');
  assert.equal(drive(ftpData, 6, FTP_LISTING, { syn: false }).verdict, Verdict.No);
  const zip = '504b0304' + '00'.repeat(300);
  assert.equal(drive(ftpData, 6, [{ ...FTP_LISTING[0], hex: zip }]).verdict, Verdict.Yes);
  assert.equal(drive(ftpData, 6, [{ ...FTP_LISTING[0], hex: zip.slice(0, 200) }]).verdict, Verdict.No); // < 256 bytes
});

test('FTP_CONTROL: SMTP and POP3 sessions are not FTP', () => {
  assert.equal(drive(ftpControl, 6, SMTP_START).verdict, Verdict.No);
  assert.notEqual(drive(ftpControl, 6, POP3_LOGIN).flow.l7App, protocolId('FTP_CONTROL'));
  assert.equal(drive(ftpControl, 6, [{ ...FTP_LOGIN[0], hex: Buffer.from(hexBytes('1603010200')).toString('hex') }]).verdict, Verdict.No);
});

test('FTP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(ftpControl, 6, [...FTP_LOGIN, ...FTP_PASV]) > 0);
  assert.ok(hammer(ftpData, 6, FTP_LISTING) > 0);
});
