import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { sip } from '../../lib/classify/protocols/sip.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { SIP_REGISTER, SSDP_MSEARCH } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

function header(hex: string, name: string): string {
  return new RegExp(`\\n${name}: ?([^\\r\\n]*)`, 'i').exec(Buffer.from(hex, 'hex').toString('latin1'))![1];
}

test('SIP: a REGISTER is SIP with method, From, To, Call-ID and User-Agent', () => {
  const r = drive(sip, 17, SIP_REGISTER);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 1);
  assert.equal(r.flow.l7App, protocolId('SIP'));
  const m = r.flow.meta.other!;
  assert.equal(m['sip.method'], 'REGISTER');
  for (const [key, name] of [['sip.from', 'From'], ['sip.to', 'To'], ['sip.call_id', 'Call-ID'], ['sip.user_agent', 'User-Agent']]) {
    assert.equal(m[key], header(SIP_REGISTER[0].hex, name), key);
  }
});

test('SIP: a status line alone is SIP; over TCP the request line may come in pieces', () => {
  const r = drive(sip, 17, SIP_REGISTER.slice(1));
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['sip.status'], 401);
  const hex = SIP_REGISTER[0].hex;
  const t = drive(sip, 6, [
    { ...SIP_REGISTER[0], hex: hex.slice(0, 20) },
    { ...SIP_REGISTER[0], hex: hex.slice(20) },
  ]);
  assert.deepEqual(t.verdicts, [Verdict.More, Verdict.Yes]);
});

test('SIP: keep-alives wait; HTTP-like requests are not SIP', () => {
  assert.equal(drive(sip, 17, [{ ...SIP_REGISTER[0], hex: '0d0a0d0a' }]).verdict, Verdict.More);
  assert.equal(drive(sip, 17, SSDP_MSEARCH).verdict, Verdict.No);
  const get = Buffer.from('INVITE /index.html HTTP/1.1\r\n\r\n').toString('hex');
  assert.equal(drive(sip, 17, [{ ...SIP_REGISTER[0], hex: get }]).verdict, Verdict.No);
});

test('SIP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(sip, 17, SIP_REGISTER) > 0);
  assert.ok(hammer(sip, 6, SIP_REGISTER.slice(0, 1)) > 0);
});
