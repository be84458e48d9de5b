import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BytesMemo, EndpointCache, OneShotCache } from '../../lib/classify/caches.js';
import { compareCapture } from '../../scripts/accuracy.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';

test('EndpointCache: endpoints by address and port, the oldest entry dropped past the bound', () => {
  const c = new EndpointCache(2);
  c.add('10.0.0.1', 3478, 45);
  c.add('10.0.0.2', 3478, 55);
  assert.equal(c.get('10.0.0.1', 3478), 45);
  assert.equal(c.get('10.0.0.1', 3479), 0);
  c.add('10.0.0.3', 1, 7);
  assert.equal(c.size, 2);
  assert.equal(c.get('10.0.0.1', 3478), 0);
  assert.equal(c.get('10.0.0.3', 1), 7);
});

// nDPI's "DPI (cache)" verdicts: STUN flows that inherit a service from an earlier flow's
// endpoints or XOR-PEER-ADDRESS peers, and RTP after STUN that becomes SRTP.<service>
for (const [name, cacheFlows] of [
  ['stun_wa_call.pcapng', 2],
  ["telegram_videocall.pcapng", 10],
] as const) {
  test(`${name}: the flows nDPI names from its STUN cache are named alike`, { skip: NO_CORPUS }, async () => {
    const r = await compareCapture(corpusFile(name));
    const wrongStun = r.disagreements.filter((d) => /^(STUN|SRTP)\.(WhatsAppCall|TelegramVoip)$/.test(d.ndpi));
    assert.deepEqual(wrongStun, []);
    assert.ok(r.flowsAgree >= cacheFlows);
  });
}

test('OneShotCache: a key is taken once; the oldest goes past the bound', () => {
  const c = new OneShotCache(2);
  c.add('a');
  c.add('b');
  c.add('c');
  assert.equal(c.size, 2);
  assert.equal(c.take('a'), false);
  assert.equal(c.take('b'), true);
  assert.equal(c.take('b'), false);
});

test('OneShotCache: tags follow the keys remembered, through adds, takes and evictions', () => {
  const port = (k: string) => Number(k.slice(k.lastIndexOf('|') + 1));
  const c = new OneShotCache(2, port);
  assert.equal(c.mayHaveTag(655), false);
  c.add('10.0.0.1|10.0.0.2|655');
  c.add('10.0.0.1|10.0.0.2|655'); // again: still one key
  c.add('10.0.0.3|10.0.0.4|656');
  assert.equal(c.mayHaveTag(655), true);
  assert.equal(c.mayHaveTag(656), true);
  assert.equal(c.mayHaveTag(657), false);
  c.add('10.0.0.5|10.0.0.6|657'); // evicts the 655 key
  assert.equal(c.size, 2);
  assert.equal(c.mayHaveTag(655), false);
  assert.equal(c.take('10.0.0.3|10.0.0.4|656'), true);
  assert.equal(c.mayHaveTag(656), false);
  assert.equal(c.take('10.0.0.9|10.0.0.6|657'), false);
  assert.equal(c.mayHaveTag(657), true);
  // untagged: no key is ruled out
  assert.equal(new OneShotCache(2).mayHaveTag(1), true);
});

test("tinc.pcap: the UDP data flows are TINC through the meta connection's cache entry, as nDPI says", { skip: NO_CORPUS }, async () => {
  const r = await compareCapture(corpusFile('tinc.pcap'));
  assert.deepEqual(r.disagreements, []);
  assert.equal(r.flowsAgree, r.flows);
});

test('BytesMemo: a value comes back for the very bytes it was remembered for, wherever they sit; all go past the bound', () => {
  const m = new BytesMemo<string>(2);
  const a = Uint8Array.from([9, 1, 2, 3, 9]);
  m.set(a, 1, 4, 'one-two-three');
  a[2] = 7; // the memo keeps its own copy of the bytes
  assert.equal(m.get(Uint8Array.from([1, 2, 3]), 0, 3), 'one-two-three');
  assert.equal(m.get(Uint8Array.from([5, 1, 2, 3]), 1, 4), 'one-two-three');
  assert.equal(m.get(a, 1, 4), undefined);
  assert.equal(m.get(Uint8Array.from([1, 2]), 0, 2), undefined, 'a prefix is other bytes');
  m.set(Uint8Array.from([4]), 0, 1, 'four');
  assert.equal(m.size, 2);
  m.set(Uint8Array.from([5]), 0, 1, 'five');
  assert.equal(m.size, 1, 'full: emptied, then the new entry');
  assert.equal(m.get(Uint8Array.from([5]), 0, 1), 'five');
  assert.equal(m.get(Uint8Array.from([1, 2, 3]), 0, 3), undefined);
});
