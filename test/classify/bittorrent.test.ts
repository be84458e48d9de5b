import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { bittorrent, utpKind } from '../../lib/classify/protocols/bittorrent.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// bittorrent.pcap frame 1: peer handshake (0x13 "BitTorrent protocol", reserved, info_hash, peer_id)
const HANDSHAKE =
  '13426974546f7272656e742070726f746f636f6c0000000000100005dcfcdccfb9e670ccc3dd40c78c161f2bea243126' +
  '2d554d313836302d418e181ac9ba17987152663e';
// bittorrent_utp.pcap frame 1: DHT get_peers query
const DHT =
  '64313a6164323a696432303af7f6007cea13506e514de7ecbc94f2ae517115f8393a696e666f5f6861736832303af7f6' +
  '01d8a6276f762c2c3df274af2827f8d1f1de65313a71393a6765745f7065657273313a74323a0e61313a76343a4c5401' +
  '01313a79313a7165';
// bittorrent_utp.pcap frame 87: uTP ST_SYN (version 1, no extension, no payload)
const UTP_SYN = '41004567ed639296000000000010000023c60000';
// bittorrent_utp.pcap frame 5: uTP ST_DATA carrying the handshake (first 100 bytes)
const UTP_DATA =
  '0100530310f0687609f1291700100000e7f649c613426974546f7272656e742070726f746f636f6c00000000001800050c' +
  'a4c8e7fb26a354b1a7aa15baeaf26067c668112d4c54313130302d31466135333152744c757677000000710500000000000000';

test('bittorrent.pcap: all 24 flows are BitTorrent by DPI with the info_hash nDPI prints', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('bittorrent.pcap'));
  assert.equal(vs.length, 24);
  for (const v of vs) {
    assert.equal(v.ndpi, 'BitTorrent');
    assert.equal(v.ours, 'BitTorrent');
    assert.equal(v.flow.confidence, 'dpi');
    const hash = /\[BT Hash: ([0-9a-f]{40})\]/.exec(v.line)?.[1];
    assert.ok(hash, v.line);
    assert.equal(v.flow.meta.other?.['bittorrent.info_hash'], hash);
  }
});

test('bittorrent_utp.pcap: the DHT flow and the uTP flow are BitTorrent', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('bittorrent_utp.pcap'));
  assert.equal(vs.length, 2);
  for (const v of vs) {
    assert.equal(v.ndpi, 'BitTorrent');
    assert.equal(v.ours, 'BitTorrent');
  }
});

test('handshake: detected with the info_hash, also when split over segments', () => {
  const r = feed(bittorrent, makeFlow(6, 52888, 38305), [{ dir: 0, hex: HANDSHAKE }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['bittorrent.info_hash'], 'dcfcdccfb9e670ccc3dd40c78c161f2bea243126');
  const split = feed(bittorrent, makeFlow(6, 52888, 38305), [
    { dir: 0, hex: HANDSHAKE.slice(0, 2) },
    { dir: 0, hex: HANDSHAKE.slice(2, 40) },
    { dir: 0, hex: HANDSHAKE.slice(40) },
  ]);
  assert.equal(split.verdict, Verdict.Yes);
  assert.equal(split.calls, 3);
  assert.equal(split.flow.meta.other?.['bittorrent.info_hash'], 'dcfcdccfb9e670ccc3dd40c78c161f2bea243126');
});

test('handshake cut before the info_hash: verdict now, hash awaited (YesMore)', () => {
  const r = feed(bittorrent, makeFlow(6, 1, 2), [{ dir: 0, hex: HANDSHAKE.slice(0, 60) }]);
  assert.equal(r.verdict, Verdict.YesMore);
  assert.equal(r.flow.l7App, 37);
});

test('DHT query: detected, info_hash from the get_peers arguments', () => {
  const r = feed(bittorrent, makeFlow(17, 64969, 40959), [{ dir: 0, hex: DHT }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['bittorrent.info_hash'], 'f7f601d8a6276f762c2c3df274af2827f8d1f1de');
});

test('uTP: SYN decides alone, DATA with the handshake decides, low ports never', () => {
  assert.equal(utpKind(bytes(UTP_SYN), 0, 20), 1);
  assert.equal(utpKind(bytes(UTP_DATA), 0, UTP_DATA.length / 2), 2);
  assert.equal(feed(bittorrent, makeFlow(17, 49861, 33333), [{ dir: 0, hex: UTP_SYN }]).verdict, Verdict.YesMore);
  const d = feed(bittorrent, makeFlow(17, 64969, 40959), [{ dir: 0, hex: UTP_DATA }]);
  assert.equal(d.flow.l7App, 37);
  assert.equal(d.flow.meta.other?.['bittorrent.info_hash'], '0ca4c8e7fb26a354b1a7aa15baeaf26067c66811');
  // a SYN that carries payload, or a version other than 1, is not uTP
  assert.equal(utpKind(bytes(UTP_SYN + '00'), 0, 21), 0);
  assert.equal(utpKind(bytes('42' + UTP_SYN.slice(2)), 0, 20), 0);
  assert.equal(feed(bittorrent, makeFlow(17, 53, 40000), [{ dir: 0, hex: DHT }]).verdict, Verdict.No);
});

test('tracker announce: info_hash decoded from the URL', () => {
  const get =
    'GET /announce?info_hash=%dc%fc%dc%cf%b9%e6p%cc%c3%dd%40%c7%8c%16%1f%2b%ea%241%26&peer_id=-UM1860-abcdefghijkl HTTP/1.1\r\nHost: t\r\n\r\n';
  const r = feed(bittorrent, makeFlow(6, 50000, 80), [bytes(Buffer.from(get).toString('hex'))]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['bittorrent.info_hash'], 'dcfcdccfb9e670ccc3dd40c78c161f2bea243126');
});

test('other traffic is refused: plain HTTP, TLS, random datagrams', () => {
  const http = Buffer.from('GET / HTTP/1.1\r\nHost: example.com\r\n\r\n').toString('hex');
  assert.equal(feed(bittorrent, makeFlow(6, 50000, 80), [{ dir: 0, hex: http }, { dir: 1, hex: '485454502f312e31' }]).verdict, Verdict.No);
  assert.equal(feed(bittorrent, makeFlow(6, 50000, 443), [{ dir: 0, hex: '1603010200010001fc0303' }, { dir: 1, hex: '160303' }]).verdict, Verdict.No);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(bittorrent, [HANDSHAKE, DHT, UTP_SYN, UTP_DATA].map(bytes)) > 0);
});

test('trackerInfoHash: the tracker GET of bt-http.pcapng (for the HTTP dissector)', async () => {
  const { trackerInfoHash } = await import('../../lib/classify/protocols/bittorrent.js');
  const get = Buffer.from(
    'GET /announce?info_hash=%aa7i%c4S%0d%de%06%24%18s%da%d4%3a%b5%cc%ec%2c%e6%22&peer_id=-TR2940-chho92c56pul&port=51413 HTTP/1.1\r\nHost: tracker.trackerfix.com\r\n\r\n',
    'latin1',
  );
  const b = Uint8Array.from(get);
  assert.equal(trackerInfoHash(b, 0, b.length), 'aa3769c4530dde06241873dad43ab5ccec2ce622');
  const plain = Uint8Array.from(Buffer.from('GET /index.html HTTP/1.1\r\n\r\n', 'latin1'));
  assert.equal(trackerInfoHash(plain, 0, plain.length), '');
});
