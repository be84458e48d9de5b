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
    [nextPayload, version, exchange, version === 0x20 ? 0x08 : 0x00].map((x) => x.toString(16).padStart(2, '0')).join('') +
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

test('NAT-T on 4500: IKE follows a zero non-ESP marker; a keepalive excludes (nDPI: under 28 bytes)', () => {
  const r = feed(ipsec, makeFlow(17, 4500, 4500), [{ dir: 0, hex: '00000000' + IKEV2_SA_INIT }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(feed(ipsec, makeFlow(17, 4500, 4500), [{ dir: 0, hex: 'ff' }]).verdict, Verdict.No);
  // ESP in UDP (a non-zero SPI) is not IKE: the port guess names it
  assert.equal(feed(ipsec, makeFlow(17, 4500, 4500), [{ dir: 0, hex: '0000abcd00000001' + '00'.repeat(40) }]).verdict, Verdict.No);
});

test('odd field values: IPSec (malformed) on 500/4500, excluded elsewhere', () => {
  const odd = ike(0x20, 50, 33, '0000000c0000000800000000'); // IKEv2 exchange type 50
  const r = feed(ipsec, makeFlow(17, 500, 500), [{ dir: 0, hex: odd }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['ipsec.malformed'], true);
  assert.equal(feed(ipsec, makeFlow(17, 40000, 40001), [{ dir: 0, hex: odd }]).verdict, Verdict.No);
  assert.equal(feed(ipsec, makeFlow(17, 40000, 40001), [{ dir: 0, hex: IKEV2_SA_INIT }]).verdict, Verdict.Yes);
});

test('length and version decide; next payload, exchange type and flags grade', () => {
  const b = bytes(IKEV2_SA_INIT);
  assert.equal(ikeMessage(b, 0, b.length), 2);
  assert.equal(ikeMessage(b, 0, b.length - 1), 0);
  const v3 = b.slice();
  v3[17] = 0x30;
  assert.equal(ikeMessage(v3, 0, v3.length), 0);
  for (const [i, v] of [[18, 50], [16, 20], [19, 0x01]] as const) {
    const m = b.slice();
    m[i] = v;
    assert.equal(ikeMessage(m, 0, m.length), -1, `byte ${i}`);
  }
  assert.equal(ikeMessage(bytes(IKEV1_MAIN), 0, bytes(IKEV1_MAIN).length), 1);
});

test('ipv6_in_gtp.pcap: the GTP:IPSec flow of nDPI is ESP, which the classifier names by IP protocol', { skip: NO_CORPUS }, () => {
  const out = readFileSync(corpusFile('ipv6_in_gtp.pcap.out'), 'utf8');
  assert.match(out, /\tESP \[[^\n]*\[proto: GTP:79\/IPSec\]/);
  assert.equal(protocolByIpProto(50), protocolId('IPSec'));
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(ipsec, [bytes(IKEV2_SA_INIT), bytes('00000000' + IKEV1_MAIN)], [4500, 4500]) > 0);
});
