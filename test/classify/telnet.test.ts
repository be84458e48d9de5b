import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { telnet, telnetCommands } from '../../lib/classify/protocols/telnet.js';
import { bytes, feed, makeFlow, noise, robustness } from './longtail-feed.js';

// A server's opening negotiation: DO TERMINAL-TYPE, DO TERMINAL-SPEED, DO X-DISPLAY, DO NEW-ENVIRON
const SERVER_DO = 'fffd18fffd20fffd23fffd27';
// The client's answer: WILL TERMINAL-TYPE, WONT TERMINAL-SPEED, SB TERMINAL-TYPE IS "xterm" SE
const CLIENT_WILL = 'fffb18fffc20fffa1800787465726dfff0';

test('counts negotiation commands, subnegotiations included', () => {
  assert.equal(telnetCommands(bytes(SERVER_DO), 0, 12), 4);
  assert.equal(telnetCommands(bytes(CLIENT_WILL), 0, 17), 3);
  // data after the negotiation ends the count, it is not an error
  const withText = bytes(SERVER_DO + Buffer.from('login: ').toString('hex'));
  assert.equal(telnetCommands(withText, 0, withText.length), 4);
  // an IAC followed by a byte that is no command
  assert.equal(telnetCommands(bytes('fffd18ff00'), 0, 5), -1);
  // option codes beyond the registry
  assert.equal(telnetCommands(bytes('fffb99'), 0, 3), -1);
  assert.equal(telnetCommands(bytes('6c6f67696e'), 0, 5), -1);
});

test('three commands across both directions decide, one packet at a time', () => {
  const r = feed(telnet, makeFlow(6, 50000, 23), [
    { dir: 1, hex: 'fffd18' },
    { dir: 0, hex: 'fffb18' },
    { dir: 1, hex: 'fffd20' },
  ]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 3);
  assert.equal(r.flow.l7App, 77);
});

test('a server that opens with a whole negotiation decides at once', () => {
  assert.equal(feed(telnet, makeFlow(6, 50000, 23), [{ dir: 1, hex: SERVER_DO }]).verdict, Verdict.Yes);
});

test('text in both directions, or a broken IAC sequence, is not Telnet', () => {
  const a = Buffer.from('SSH-2.0-OpenSSH_9.6\r\n').toString('hex');
  assert.equal(feed(telnet, makeFlow(6, 50000, 22), [{ dir: 1, hex: a }, { dir: 0, hex: a }]).verdict, Verdict.No);
  assert.equal(feed(telnet, makeFlow(6, 50000, 23), [{ dir: 1, hex: 'fffd18ff41' }, { dir: 0, hex: '41' }]).verdict, Verdict.No);
  // random data never reaches a verdict of Telnet
  for (let k = 1; k < 50; k++) assert.notEqual(feed(telnet, makeFlow(6, 1, 2), [noise(200, k), noise(200, k + 100)], [0, 1]).verdict, Verdict.Yes);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(telnet, [bytes(SERVER_DO), bytes(CLIENT_WILL)], [50000, 23]) > 0);
});
