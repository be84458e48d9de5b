import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { gnutella } from '../../lib/classify/protocols/gnutella.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

const ID = protocolId('Gnutella');
// gnutella.pcap: gtk-gnutella handshake (start), a UDP message with vendor code GTKG at 24,
// and a Gnutella2 "GND" 0x10 datagram
const CONNECT =
  '474e5554454c4c4120434f4e4e4543542f302e360d0a4e6f64653a2039332e34372e3232362e35333a32383638310d0a' +
  '557365722d4167656e743a2067746b2d676e7574656c6c612f312e322e320d0a0d0a';
const GTKG_MSG =
  'a745310289213ee47e649bbac302eb3a4400003a0000000547544b470000289d0a8d06deffc8263c33897c2c9179fd84ab61' +
  '045d2fe235700901010000289d0a8d06deffc8263c33897c2c9179fd84ab61';
const GND = '474e44103e8f0101540b514b525006524e415d2fe2350970';

test('TCP: GNUTELLA CONNECT on the first packet, User-Agent kept', () => {
  const r = feed(gnutella, makeFlow(6, 50284, 53258), [{ dir: 0, hex: CONNECT }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, ID);
  assert.equal(r.flow.meta.http?.userAgent, 'gtk-gnutella/1.2.2');
});

test('TCP: anything else on the first packet excludes (nDPI looks once)', () => {
  const reply = Buffer.from('GNUTELLA/0.6 200 OK\r\n\r\n').toString('hex');
  assert.equal(feed(gnutella, makeFlow(6, 50284, 53258), [{ dir: 1, hex: reply }]).verdict, Verdict.No);
  assert.equal(feed(gnutella, makeFlow(6, 50284, 53258), [{ dir: 0, hex: '474e5554454c4c41' }, { dir: 0, hex: CONNECT }]).verdict, Verdict.No);
});

// ossfuzz_seed_fake_traces_1.pcapng: a lone byte, then the 89-byte and 82-byte hellos
const HELLO_89 =
  '16030100540100005003014d6c000000000000000000000000000000000000000000000000000000000000204d6c' +
  '00000000000000000000000000000000000000000000000000000000000000020034010000050000000000';
const HELLO_82 =
  '160301004d0100004903' + '00'.repeat(66) + '0002003401' + '00';

test('TCP: the fixed hellos, also after a lone first byte', () => {
  for (const hello of [HELLO_89, HELLO_82]) {
    assert.equal(bytes(hello).length === 89 || bytes(hello).length === 82, true);
    const r = feed(gnutella, makeFlow(6, 1, 10), [{ dir: 0, hex: '00' }, { dir: 0, hex: hello }]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, ID);
    assert.equal(feed(gnutella, makeFlow(6, 1, 10), [{ dir: 0, hex: hello }]).verdict, Verdict.Yes);
    // one byte more: not the fixed shape
    assert.equal(feed(gnutella, makeFlow(6, 1, 10), [{ dir: 0, hex: hello + '00' }]).verdict, Verdict.No);
  }
});

test('UDP: GTKG message whose length field matches; GND 0x10', () => {
  for (const hex of [GTKG_MSG, GND]) {
    const r = feed(gnutella, makeFlow(17, 28681, 30577), [{ dir: 0, hex }]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, ID);
  }
});

test('UDP near misses: wrong length field, GTKG at 23, GND with other flags', () => {
  const bad = bytes(GTKG_MSG);
  bad[19] ^= 1;
  assert.equal(feed(gnutella, makeFlow(17, 1, 2), [bad]).verdict, Verdict.No);
  // gnutella.pcap frame 1274: vendor code one byte early (nDPI leaves it Unknown)
  const early = '62250a060002030300000000000000003101000900000047544b470900010000';
  assert.equal(feed(gnutella, makeFlow(17, 1, 2), [{ dir: 0, hex: early }]).verdict, Verdict.No);
  assert.equal(feed(gnutella, makeFlow(17, 1, 2), [{ dir: 0, hex: '474e44113e8f0101' }]).verdict, Verdict.No);
});

test('gnutella.pcap: UDP and TCP Gnutella flows named as nDPI does', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('gnutella.pcap'));
  let both = 0;
  for (const v of vs) {
    // the harness pairs .out lines by ports; many UDP flows here share the client port
    if (!v.line.includes(` ${v.rf.cli}:${v.rf.cliPort} <-> ${v.rf.srv}:${v.rf.srvPort} `)) continue;
    if (v.ndpi === 'Gnutella') {
      assert.equal(v.ours, 'Gnutella', v.line.slice(0, 80));
      both++;
    } else if (v.ndpi === 'Unknown') assert.notEqual(v.ours, 'Gnutella', v.line.slice(0, 80));
  }
  assert.ok(both > 80, `${both}`);
});

test('robustness', () => {
  assert.ok(robustness(gnutella, [bytes(CONNECT), bytes(GTKG_MSG), bytes(GND), bytes(HELLO_89), bytes(HELLO_82)]) > 0);
});
