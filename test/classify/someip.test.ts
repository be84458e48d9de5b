import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { someip, someipMessage } from '../../lib/classify/protocols/someip.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// someip_sd_sample.pcap (PPI link type) frames 1 and 3: Service Discovery notifications
const SD_OFFER =
  'ffff8100000000300000000301010200c0000000000000100100001000eb00000100001e000000000000000c00090400c0a8' +
  '58490011c350';
const SD_ACK = 'ffff8100000000240000000201010200c0000000000000100700000000eb00000100001e0000000100000000';
// a plain request to service 0x1234 method 0x0001, 4 bytes of payload
const REQUEST = '123400010000000c0000000101010000deadbeef';
const MAGIC_COOKIE = 'ffff000000000008deadbeef01010100';

test('Service Discovery from the corpus: decided on any port, flagged as SD', () => {
  assert.equal(someipMessage(bytes(SD_OFFER), 0, SD_OFFER.length / 2, false), 2);
  for (const hex of [SD_OFFER, SD_ACK]) {
    const r = feed(someip, makeFlow(17, 40000, 40001), [{ dir: 0, hex }]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, 229);
    assert.equal(r.flow.meta.other?.['someip.sd'], true);
  }
});

test('a plain message decides on the SOME/IP ports only; the magic cookie anywhere', () => {
  const r = feed(someip, makeFlow(17, 40000, 30491), [{ dir: 0, hex: REQUEST }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['someip.service'], '1234');
  assert.equal(feed(someip, makeFlow(17, 40000, 40001), [{ dir: 0, hex: REQUEST }]).verdict, Verdict.No);
  assert.equal(feed(someip, makeFlow(6, 40000, 40001), [{ dir: 0, hex: MAGIC_COOKIE }]).verdict, Verdict.Yes);
});

test('header rules: length, protocol version, message type, return code', () => {
  const b = bytes(REQUEST);
  assert.equal(someipMessage(b, 0, b.length, false), 1);
  assert.equal(someipMessage(b, 0, b.length - 1, false), 0); // datagram shorter than the length says
  for (const [i, v] of [[12, 2], [14, 0x03], [15, 0x40]] as const) {
    const m = b.slice();
    m[i] = v;
    assert.equal(someipMessage(m, 0, m.length, false), 0, `byte ${i}`);
  }
  const sd = bytes(SD_OFFER);
  sd[23] = 0x11; // entries array not a multiple of 16
  assert.equal(someipMessage(sd, 0, sd.length, false), 0);
  // TCP: a header cut short waits
  assert.equal(feed(someip, makeFlow(6, 40000, 30501), [{ dir: 0, hex: REQUEST.slice(0, 20) }]).verdict, Verdict.More);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(someip, [SD_OFFER, SD_ACK, REQUEST, MAGIC_COOKIE].map(bytes), [30490, 30490]) > 0);
});
