import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { xiaomi } from '../../lib/classify/protocols/xiaomi.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** xiaomi.pcap: the client's first message to 5222 (host name in TLV 0x3a) and a server message. */
const CLIENT: CorpusPkt = {
  frame: 4,
  from: '192.168.2.100:45106',
  to: '18.193.233.122:5222',
  hex: 'c2fe0005000000cd00020016000000af08001a0a7869616f6d692e636f6d2a04434f4e4e4800086a120d5265646d69204e6f74652038541a115631322e352e312e302e5243585255584d222a612d35303538333435394337353045374531433035304345433230323639454442423146394539373832282e3204776966693a4866722d6170702d636861742d676c6f62616c2d7869616f6d692d6e6574322d323131373531373837342e65752d63656e7472616c2d312e656c622e616d617a6f6e6177732e636f6d420572755f52554a021800501eeb643a90',
};
const SERVER: CorpusPkt = { frame: 6, from: '18.193.233.122:5222', to: '192.168.2.100:45106', hex: 'c2fe000500000036000200160000001808001a0a7869616f6d692e636f6d2a04434f4e4e48000a0a383439393538353331311204663833321a02080022007e290b78' };

test('Xiaomi: magic, length and type words; the client message names the host', () => {
  const r = drive(xiaomi, 6, [CLIENT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(l7ProtoName(r.flow.l7Master, r.flow.l7App), 'Xiaomi');
  assert.equal(r.flow.host, 'fr-app-chat-global-xiaomi-net2-2117517874.eu-central-1.elb.amazonaws.com');
  // a server message is Xiaomi too, without a host name
  const s = drive(xiaomi, 6, [{ ...SERVER, from: CLIENT.from, to: CLIENT.to.replace('5222', '5223') }]);
  assert.equal(s.verdict, Verdict.Yes);
  assert.equal(s.flow.host, '');
});

test('Xiaomi: a wrong length or magic is not Xiaomi', () => {
  assert.equal(drive(xiaomi, 6, [{ ...SERVER, hex: SERVER.hex + '00' }]).verdict, Verdict.No);
  assert.equal(drive(xiaomi, 6, [{ ...SERVER, hex: 'c2fe0006' + SERVER.hex.slice(8) }]).verdict, Verdict.No);
  assert.equal(drive(xiaomi, 6, [{ ...SERVER, hex: SERVER.hex.slice(0, 16) + '00020017' + SERVER.hex.slice(24) }]).verdict, Verdict.No);
});

test('Xiaomi: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(xiaomi, 6, [CLIENT, SERVER]) > 0);
});
