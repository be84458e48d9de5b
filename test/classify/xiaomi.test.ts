import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { isXiaomi, xiaomi } from '../../lib/classify/protocols/xiaomi.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// xiaomi.pcap: a client message to port 5222 (TLVs with user agent and server name)
const CLIENT = 'c2fe0005000000ac000200160000008e08001a0a7869616f6d692e636f6d2a04434f4e4e4800086a120d5265646d69204e6f74652039531a115631322e352e322e302e524a574d49584d222a612d44374135443841394235333735323946393636453432394430353838363230333234463643354532282a320f6d6f62696c652d6c74652d746169663a1134372e3234312e33352e37333a35323232421061725f45475f23752d6e752d6c61746e4a021800501e6e3b2ca8';
// xiaomi.pcap: a server message (its TLVs are not read)
const SERVER = 'c2fe000500000036000200160000001808001a0a7869616f6d692e636f6d2a04434f4e4e48000a0a353338363337' + '00'.repeat(20);

test('a client message: verdict, user agent and host', () => {
  const r = feed(xiaomi, makeFlow(6, 45904, 5222), [{ dir: 0, hex: CLIENT }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Xiaomi'));
  assert.ok(r.flow.host.length > 0);
});

test('a server message; a wrong length or constant is refused', () => {
  assert.equal(feed(xiaomi, makeFlow(6, 39180, 5222), [{ dir: 1, hex: SERVER }]).verdict, Verdict.Yes);
  const b = bytes(SERVER);
  b[11] = 0x17;
  assert.equal(isXiaomi(b, 0, b.length), false);
  assert.equal(feed(xiaomi, makeFlow(6, 39180, 5222), [{ dir: 1, hex: SERVER + '00' }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(xiaomi, [bytes(CLIENT), bytes(SERVER)], [45904, 5222]) > 0);
});
