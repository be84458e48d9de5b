import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { discord } from '../../lib/classify/protocols/discord.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { DISCORD_IPDISC, RTP_PCMA } from './dhcp-stun-fixtures.js';
import { drive, hammer, hexBytes } from './dissector-harness.js';

test('Discord: the IP discovery exchange is Discord, with the client address', () => {
  const r = drive(discord, 17, DISCORD_IPDISC);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.Yes]);
  assert.equal(r.flow.l7App, protocolId('Discord'));
  const b = hexBytes(DISCORD_IPDISC[1].hex);
  const ip = Buffer.from(b.subarray(8, b.indexOf(0, 8))).toString('latin1');
  assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
  assert.equal(r.flow.meta.other?.['discord.client_ip'], ip);
});

test('Discord: the 8-byte keep-alive; RTP is not Discord', () => {
  assert.equal(drive(discord, 17, [{ ...DISCORD_IPDISC[0], hex: '1337cafe00000001' }]).verdict, Verdict.Yes);
  const r = drive(discord, 17, [...RTP_PCMA, ...RTP_PCMA]);
  assert.equal(r.verdict, Verdict.No);
});

test('Discord: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(discord, 17, DISCORD_IPDISC) > 0);
});
