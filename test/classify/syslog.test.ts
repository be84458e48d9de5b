import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { syslog } from '../../lib/classify/protocols/syslog.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { SIP_REGISTER, SYSLOG_TCP, SYSLOG_UDP } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

function text(s: string) {
  return Buffer.from(s, 'latin1').toString('hex');
}

test('Syslog: an RFC 3164 datagram is Syslog with facility and severity from PRI', () => {
  const r = drive(syslog, 17, SYSLOG_UDP);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Syslog'));
  const pri = Number(/^<(\d+)>/.exec(Buffer.from(SYSLOG_UDP[0].hex, 'hex').toString('latin1'))![1]);
  assert.equal(r.flow.meta.other?.['syslog.facility'], pri >> 3);
  assert.equal(r.flow.meta.other?.['syslog.severity'], pri & 7);
});

test('Syslog: an RFC 5424 message over TCP on a random port is Syslog', () => {
  assert.equal(drive(syslog, 6, SYSLOG_TCP).verdict, Verdict.Yes);
});

test('Syslog: nDPI\'s shape rules', () => {
  const p = SYSLOG_UDP[0];
  const yes = ['<34>Oct 11 22:14:15 mymachine su: x', '<13>host-name something long', '<0>tag[123]: message text'];
  const no = ['<34 Oct 11 22:14:15 mymachine su', '<1234>Oct 11 22:14:15 mymachine', '<34>host:message without space', '<34>h$st rest of the line', 'short <1>x'];
  for (const s of yes) assert.equal(drive(syslog, 17, [{ ...p, hex: text(s) }]).verdict, Verdict.Yes, s);
  for (const s of no) assert.equal(drive(syslog, 17, [{ ...p, hex: text(s) }]).verdict, Verdict.No, s);
  assert.equal(drive(syslog, 17, [{ ...SIP_REGISTER[0] }]).verdict, Verdict.No);
});

test('Syslog: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(syslog, 17, SYSLOG_UDP) > 0);
  assert.ok(hammer(syslog, 6, SYSLOG_TCP) > 0);
});
