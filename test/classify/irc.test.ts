import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { irc, ircSegment } from '../../lib/classify/protocols/irc.js';
import { IRC_LOGIN } from './enterprise-fixtures.js';
import { drive, hammer } from './dhcp-stun-harness.js';

test('IRC: USER, NICK and a server NOTICE (three IRC lines in a row)', () => {
  const r = drive(irc, 6, IRC_LOGIN);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('IRC'));
  assert.equal(r.flow.meta.other?.['irc.user'], 'xxxxx');
  assert.equal(drive(irc, 6, IRC_LOGIN.slice(0, 2)).verdict, Verdict.More);
});

test('IRC: a line that is not IRC, or one without its end of line, rules it out', () => {
  const http = { ...IRC_LOGIN[0], hex: Buffer.from('GET / HTTP/1.1\r\n').toString('hex') };
  assert.equal(drive(irc, 6, [IRC_LOGIN[0], http]).verdict, Verdict.No);
  const cut = Buffer.from(IRC_LOGIN[1].hex.slice(0, -4), 'hex');
  assert.equal(ircSegment(cut, 0, cut.length), false);
  const prefixNoNotice = Buffer.from(':server 001 nick :Welcome\r\n');
  assert.equal(ircSegment(prefixNoNotice, 0, prefixNoNotice.length), false);
});

test('IRC: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(irc, 6, IRC_LOGIN) > 0);
});
