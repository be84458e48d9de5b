import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { wireguard } from '../../lib/classify/protocols/wireguard.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// wireguard.pcap frames 1, 2: Handshake Initiation (148 bytes, sender d837d030) and
// Response (92 bytes, sender 06f47dab, receiver d837d030)
const INIT =
  '01000000d837d0305fcec7c8e5c8e2e3f7989eef60c228d82329d602b6b1e2bb9d068f89cf9d4d4532780f6d27264f7b9870' +
  '1fdc27a4ec00aeb6becdbef2332f1b4084cadb93823935c012ae255e7b25eff13940c321fa6bd66a2a87b061db1430173e93' +
  '7f569349de2856dc5f2616763eeeafc0533b01dd965e7ec76976e28f683d671200000000000000000000000000000000';
const RESPONSE =
  '0200000006f47dabd837d030b18d5550bd4042a37a46823ac08db1ec66839bc0ca2d64bc15cd80232b66232faec24af8918d' +
  'e1060ff5c98e865d5f35f272214c5260110dc4c61e32cdd8542100000000000000000000000000000000';
// frame 9: a keepalive (Transport Data with an empty payload: 32 bytes)
const KEEPALIVE = '0400000006f47dab03000000000000001956e2b6651dd4f59cb23092a0d09671';

/** A 32-byte Transport Data message to `receiver` (hex, 8 digits). */
function transport(receiver: string, counter: number): string {
  return '04000000' + receiver + counter.toString(16).padStart(2, '0') + '00'.repeat(7) + 'ab'.repeat(16);
}

test('wireguard.pcap: the handshake flow and the transport-only flow are WireGuard', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('wireguard.pcap'));
  assert.equal(vs.length, 2);
  for (const v of vs) {
    assert.equal(v.ndpi, 'WireGuard');
    assert.equal(v.ours, 'WireGuard');
    assert.equal(v.flow.confidence, 'dpi');
  }
});

test('handshake: the response names the initiator, sizes are exact', () => {
  assert.equal(bytes(INIT).length, 148);
  assert.equal(bytes(RESPONSE).length, 92);
  const r = feed(wireguard, makeFlow(17, 43462, 51820), [{ dir: 0, hex: INIT }, { dir: 1, hex: RESPONSE }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, 206);
  // a response to someone else
  const other = RESPONSE.slice(0, 16) + 'deadbeef' + RESPONSE.slice(24);
  assert.equal(feed(wireguard, makeFlow(17, 1, 2), [{ dir: 0, hex: INIT }, { dir: 1, hex: other }]).verdict, Verdict.No);
  // one byte more than an initiation is not one
  assert.equal(feed(wireguard, makeFlow(17, 1, 2), [{ dir: 0, hex: INIT + '00' }]).verdict, Verdict.No);
});

test('transport only: consistent receiver indexes in both directions', () => {
  const r = feed(wireguard, makeFlow(17, 51820, 36116), [
    { dir: 0, hex: transport('be40698d', 1) },
    { dir: 1, hex: transport('6da6615e', 1) },
    { dir: 1, hex: transport('6da6615e', 2) },
  ]);
  assert.equal(r.verdict, Verdict.Yes);
  const changed = feed(wireguard, makeFlow(17, 1, 2), [
    { dir: 0, hex: transport('be40698d', 1) },
    { dir: 1, hex: transport('6da6615e', 1) },
    { dir: 1, hex: transport('11111111', 2) },
  ]);
  assert.equal(changed.verdict, Verdict.No);
  assert.equal(feed(wireguard, makeFlow(17, 1, 2), [{ dir: 0, hex: KEEPALIVE }]).verdict, Verdict.More);
  // nDPI does not check the padding: an odd-sized transport message is still looked at
  assert.equal(feed(wireguard, makeFlow(17, 1, 2), [{ dir: 0, hex: KEEPALIVE + '00' }]).verdict, Verdict.More);
  // an unknown message type excludes
  assert.equal(feed(wireguard, makeFlow(17, 1, 2), [{ dir: 0, hex: '05' + KEEPALIVE.slice(2) }]).verdict, Verdict.No);
  // reserved bytes must be zero
  assert.equal(feed(wireguard, makeFlow(17, 1, 2), [{ dir: 0, hex: '04000100' + KEEPALIVE.slice(8) }]).verdict, Verdict.No);
});

// tunnelbear.pcap: TunnelBear's 204-byte initiation and 100-byte response
const TB_INIT = '01000000316618ac09ad0e1ccda196d9f8af6627c303d6d9811fa0a060b52f55d3e536f87df38d4c48889e8ec00c25e0bfa8af86339accc8c2fedddf358f85eac52598bb092890c283218f527b7ffeb24f022bb400d7fc145f00ec9df5de39f214902d46ae83bd5537582f1b20ad93bf0167ddb25445d47b24e396f1ae2282a8a0785039724848e7e1755c73d2998f004b42beb0ab95c61d3ca718712cfb1db7088e4e4091d316eb35f620db502881a44c8db7d03ec48b0d839a318000000000000000000000000000000000';
const TB_RESPONSE = '0200000002ca1a00316618ac0a000533ac110301131365569c1ed86608418d59e9350dca4c94ce103d928c558ef2cd5d202a107727d5f00134b81a06d0e4a2697f8fd0c4464d87c00132402fa4411b1e60a5dfe200000000000000000000000000000000';

test('TunnelBear handshake sizes: WireGuard.TunnelBear', () => {
  const r = feed(wireguard, makeFlow(17, 57636, 51820), [{ dir: 0, hex: TB_INIT }, { dir: 1, hex: TB_RESPONSE }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7Master, 206);
  assert.equal(r.flow.l7App, 299);
});

test('an initiation repeated after the first packet: WireGuard (blocked handshake)', () => {
  const r = feed(wireguard, makeFlow(17, 1, 51820), [{ dir: 0, hex: INIT }, { dir: 0, hex: INIT }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, 206);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(wireguard, [INIT, RESPONSE, KEEPALIVE].map(bytes)) > 0);
});
