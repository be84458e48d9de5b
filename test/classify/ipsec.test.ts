import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { ikeMessage, ipsec } from '../../lib/classify/protocols/ipsec.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';
import { readFileSync } from 'node:fs';
import { protocolByIpProto } from '../../lib/classify/classifier.js';
import { protocolId } from '../../lib/classify/protocol-table.js';

/** An IKE header (28 bytes) + `body` hex, with the length field filled in. */
function ike(version: number, exchange: number, nextPayload: number, body: string): string {
  const len = 28 + body.length / 2;
  return (
    '0123456789abcdef' + '0000000000000000' +
    [nextPayload, version, exchange, 0x08].map((x) => x.toString(16).padStart(2, '0')).join('') +
    '00000000' + len.toString(16).padStart(8, '0') + body
  );
}

const IKEV2_SA_INIT = ike(0x20, 34, 33, '0000000c0000000800000000');
const IKEV1_MAIN = ike(0x10, 2, 1, '0000000c0000000100000001');

test('IKEv2 IKE_SA_INIT and IKEv1 Main Mode on 500', () => {
  const r2 = feed(ipsec, makeFlow(17, 500, 500), [{ dir: 0, hex: IKEV2_SA_INIT }]);
  assert.equal(r2.verdict, Verdict.Yes);
  assert.equal(r2.flow.l7App, 79);
  assert.equal(r2.flow.meta.other?.['ipsec.ike_version'], 2);
  const r1 = feed(ipsec, makeFlow(17, 500, 500), [{ dir: 0, hex: IKEV1_MAIN }]);
  assert.equal(r1.flow.meta.other?.['ipsec.ike_version'], 1);
});

test('NAT-T on 4500: keepalives wait, IKE follows a zero non-ESP marker', () => {
  const r = feed(ipsec, makeFlow(17, 4500, 4500), [{ dir: 0, hex: 'ff' }, { dir: 0, hex: '00000000' + IKEV2_SA_INIT }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 2);
  // ESP in UDP (a non-zero SPI) is not IKE: the port guess names it
  assert.equal(feed(ipsec, makeFlow(17, 4500, 4500), [{ dir: 0, hex: '0000abcd00000001' + '00'.repeat(40) }]).verdict, Verdict.No);
});

test('length, version, exchange type and SPI are checked', () => {
  const b = bytes(IKEV2_SA_INIT);
  assert.equal(ikeMessage(b, 0, b.length), 2);
  assert.equal(ikeMessage(b, 0, b.length - 1), 0);
  for (const [i, v] of [[17, 0x30], [18, 50], [16, 200]] as const) {
    const m = b.slice();
    m[i] = v;
    assert.equal(ikeMessage(m, 0, m.length), 0, `byte ${i}`);
  }
  const zeroSpi = b.slice();
  zeroSpi.fill(0, 0, 8);
  assert.equal(ikeMessage(zeroSpi, 0, zeroSpi.length), 0);
});

test('ipv6_in_gtp.pcap: the GTP:IPSec flow of nDPI is ESP, which the classifier names by IP protocol', { skip: NO_CORPUS }, () => {
  const out = readFileSync(corpusFile('ipv6_in_gtp.pcap.out'), 'utf8');
  assert.match(out, /\tESP \[[^\n]*\[proto: GTP:79\/IPSec\]/);
  assert.equal(protocolByIpProto(50), protocolId('IPSec'));
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(ipsec, [bytes(IKEV2_SA_INIT), bytes('00000000' + IKEV1_MAIN)], [4500, 4500]) > 0);
});
