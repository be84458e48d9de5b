import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { kerberos, krbMessage } from '../../lib/classify/protocols/kerberos.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// kerberos.pcap frame 1: AS-REQ over TCP (record mark 0x000000eb)
const AS_REQ =
  '000000eb6a81e83081e5a103020105a20302010aa31530133011a10402020080a20904073005a0030101ffa481c13081bea0' +
  '0703050040810010a1183016a003020101a10f300d1b0b6a6f686e736f6e2d706324a2101b0e686170707963726166742e6f' +
  '7267a3233021a003020102a11a30181b066b72627467741b0e686170707963726166742e6f7267a511180f32303337303931' +
  '333032343830355aa611180f32303337303931333032343830355aa70602044ec01617a81530130201120201110201170201' +
  '180202ff79020103a91d301b3019a003020114a11204104a4f484e534f4e2d5043202020202020';
// kerberos.pcap frame 2: KRB-ERROR (PREAUTH_REQUIRED), first 120 bytes
const KRB_ERROR =
  '000001127e82010e3082010aa003020105a10302011ea411180f32303139303230353033333834385aa5050203063520a603' +
  '020119a9101b0e686170707963726166742e6f7267aa233021a003020102a11a30181b066b72627467741b0e686170707963';

test('kerberos.pcap: every flow agrees with nDPI (DPI where the message start was captured)', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('kerberos.pcap'));
  let dpi = 0;
  for (const v of vs) {
    assert.equal(v.ours, v.ndpi, `${v.rf.cliPort}->${v.rf.srvPort}`);
    if (v.ndpi === 'Kerberos' && v.ndpiConfidence === 'DPI') {
      assert.equal(v.flow.confidence, 'dpi');
      // nDPI prints "domain\host" (or "domain\user")
      const m = /\]\[([a-z.]+)\\([a-z.-]+)\]/.exec(v.line);
      assert.ok(m, v.line);
      const o = v.flow.meta.other ?? {};
      assert.equal(o['kerberos.domain'], m[1]);
      assert.equal(o['kerberos.hostname'] ?? o['kerberos.username'], m[2]);
      dpi++;
    }
  }
  assert.equal(dpi, 11);
});

test('AS-REQ: msg-type 10 with pvno 5; realm, client and service names', () => {
  const b = bytes(AS_REQ);
  assert.equal(krbMessage(b, 4, b.length), 10);
  const r = feed(kerberos, makeFlow(6, 49157, 88), [b]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.deepEqual(r.flow.meta.other, {
    'kerberos.cname': 'johnson-pc$',
    'kerberos.realm': 'happycraft.org',
    'kerberos.sname': 'krbtgt/happycraft.org',
    'kerberos.domain': 'happycraft.org',
    'kerberos.hostname': 'johnson-pc',
  });
});

test('KRB-ERROR from the server side, over UDP too (no record mark)', () => {
  const b = bytes(KRB_ERROR);
  assert.equal(krbMessage(b, 4, b.length), 30);
  const r = feed(kerberos, makeFlow(17, 50000, 88), [b.subarray(4)], [1]);
  assert.equal(r.flow.l7App, 111);
  assert.equal(r.flow.meta.other?.['kerberos.realm'], 'happycraft.org');
});

test('a message cut in its header waits; a wrong pvno or msg-type is refused', () => {
  const b = bytes(AS_REQ);
  assert.equal(feed(kerberos, makeFlow(6, 1, 88), [b.subarray(0, 12)]).verdict, Verdict.More);
  const pvno4 = b.slice();
  pvno4[14] = 4; // pvno INTEGER value
  assert.equal(feed(kerberos, makeFlow(6, 1, 88), [pvno4]).verdict, Verdict.No);
  const type = b.slice();
  type[19] = 12; // says TGS-REQ inside an AS-REQ
  assert.equal(feed(kerberos, makeFlow(6, 1, 88), [type]).verdict, Verdict.No);
  // the middle of a stream (capture began after the record mark)
  assert.equal(feed(kerberos, makeFlow(6, 1, 88), [b.subarray(60)]).verdict, Verdict.No);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(kerberos, [bytes(AS_REQ), bytes(KRB_ERROR), bytes(AS_REQ).subarray(4)], [49157, 88]) > 0);
});
