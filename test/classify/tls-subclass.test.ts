/**
 * What nDPI decides inside TLS/DTLS beyond the SNI: the certificate subject table
 * (ndpi-tls-cert-names.tsv), the server-certificate-only rule, the AnyDesk ALPN and the
 * Tor hello shape (tls.c).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Flow } from '../../lib/flow/flow.js';
import { tls } from '../../lib/classify/protocols/tls.js';
import { dtls } from '../../lib/classify/protocols/dtls.js';
import { l7ProtoName, protocolId } from '../../lib/classify/protocol-table.js';
import { CERT_NAME_PATTERNS } from '../../lib/classify/tls/cert-names.js';
import { matchCertSubject } from '../../lib/classify/tls/cert-match.js';
import { parseClientHello } from '../../lib/classify/tls/hello.js';
import { serviceFromCertificate, subclassifyHello } from '../../lib/classify/tls/handshake.js';
import { readCertNames } from '../../scripts/gen-cert-names.js';
import { NO_CORPUS, PROJECT_ROOT, corpusFile } from '../helpers/corpus.js';
import { compareWithNdpi } from './tls-pcap-helper.js';

const REF = path.resolve(PROJECT_ROOT, process.env.FLOWCHECK_REFERENCE ?? '../shared/reference');
const NO_REF = existsSync(path.join(REF, 'ndpi-tls-cert-names.tsv')) ? false : `reference tables not found at ${REF}`;

test('generated certificate-name patterns match ndpi-tls-cert-names.tsv row for row', { skip: NO_REF }, () => {
  const rows = readCertNames(path.join(REF, 'ndpi-tls-cert-names.tsv'));
  assert.ok(rows.length > 0);
  assert.deepEqual(
    CERT_NAME_PATTERNS.map(([p, id]) => [p, id]),
    rows.map((r) => [r.pattern, r.id]),
  );
  for (const r of rows) assert.equal(protocolId(r.name), r.id, r.pattern);
});

test('subject DN patterns match as substrings, first ending wins', () => {
  assert.equal(matchCertSubject('C=DE, O=philandro Software GmbH, CN=AnyDesk Client'), protocolId('AnyDesk'));
  assert.equal(matchCertSubject('CN=AnyDesk Client'), protocolId('AnyDesk'));
  assert.equal(matchCertSubject('C=US, ST=California, O=Sonos, Inc, CN=x'), protocolId('Sonos'));
  assert.equal(matchCertSubject('C=US, O=Cloudflare, Inc., CN=sni.cloudflaressl.com'), protocolId('Cloudflare'));
  // case matters, and the label must be there
  assert.equal(matchCertSubject('C=DE, O=Philandro Software GmbH'), 0);
  assert.equal(matchCertSubject('CN=philandro Software GmbH'), 0);
  assert.equal(matchCertSubject(''), 0);
  assert.equal(matchCertSubject('C=IT, O=Example'), 0);
});

function tlsFlow(subject: string, sans?: string[]): Flow {
  const f = new Flow(1);
  f.proto = 6;
  f.l7App = protocolId('TLS');
  f.meta.tls = { subject, sans };
  return f;
}

test('certificate service: host patterns on the names first, then the subject table', () => {
  const a = tlsFlow('O=philandro Software GmbH, CN=AnyDesk Client');
  serviceFromCertificate(a);
  assert.equal(l7ProtoName(a.l7Master, a.l7App), 'TLS.AnyDesk');
  const g = tlsFlow('O=Cloudflare, Inc., CN=x', ['www.google.com']);
  serviceFromCertificate(g);
  assert.equal(l7ProtoName(g.l7Master, g.l7App), 'TLS.Google');
  // a service found before (by SNI) is kept
  const s = tlsFlow('O=Netflix');
  s.l7Master = protocolId('TLS');
  s.l7App = protocolId('Google');
  serviceFromCertificate(s);
  assert.equal(l7ProtoName(s.l7Master, s.l7App), 'TLS.Google');
  const none = tlsFlow('O=Example, CN=example.org');
  serviceFromCertificate(none);
  assert.equal(l7ProtoName(none.l7Master, none.l7App), 'TLS');
});

const u16 = (v: number) => [v >> 8, v & 255];
const ext = (id: number, body: number[]) => [...u16(id), ...u16(body.length), ...body];
const sniExt = (name: string) => {
  const n = [...Buffer.from(name)];
  return ext(0, [...u16(n.length + 3), 0, ...u16(n.length), ...n]);
};
const alpnExt = (names: string[]) => {
  const l = names.flatMap((s) => [s.length, ...Buffer.from(s)]);
  return ext(16, [...u16(l.length), ...l]);
};

function hello(exts: number[]): Uint8Array {
  const body = [3, 3, ...new Array(32).fill(1), 0, 0, 2, 0xc0, 0x2f, 1, 0, ...u16(exts.length), ...exts];
  return Uint8Array.from(body);
}

function classify(exts: number[], host = ''): string {
  const b = hello(exts);
  const ch = parseClientHello(b, 0, b.length, false);
  assert.ok(ch);
  const f = new Flow(1);
  f.host = host || ch.sni;
  f.l7App = protocolId('TLS');
  subclassifyHello(f, ch, protocolId('TLS'));
  return l7ProtoName(f.l7Master, f.l7App);
}

test('an ALPN list starting with anydesk/ makes TLS.AnyDesk when nothing else did', () => {
  assert.equal(classify([...alpnExt(['anydesk/6.2.0/linux'])]), 'TLS.AnyDesk');
  assert.equal(classify([...alpnExt(['anydesk/', 'h2'])]), 'TLS.AnyDesk');
  // "anydesk/" alone is not enough, nor anydesk elsewhere in the list
  assert.equal(classify([...alpnExt(['anydesk/'])]), 'TLS');
  assert.equal(classify([...alpnExt(['h2', 'anydesk/7'])]), 'TLS');
  assert.equal(classify([...alpnExt(['anydesk'])]), 'TLS');
});

test('Tor hello shape: empty encrypt_then_mac, no ALPN before it, www.<digit…>.com|net', () => {
  const etm = ext(22, []);
  assert.equal(classify([...sniExt('www.abc4def.com'), ...etm]), 'TLS.Tor');
  assert.equal(classify([...sniExt('www.x7yzzq.net'), ...etm]), 'TLS.Tor');
  // near misses: no digit in the first label, other TLD, ALPN first, non-empty ETM, no www.
  assert.equal(classify([...sniExt('www.abcdef.com'), ...etm]), 'TLS');
  assert.equal(classify([...sniExt('www.abc4def.org'), ...etm]), 'TLS');
  assert.equal(classify([...sniExt('www.abc4def.com'), ...alpnExt(['h2']), ...etm]), 'TLS');
  assert.equal(classify([...sniExt('www.abc4def.com'), ...ext(22, [0])]), 'TLS');
  assert.equal(classify([...sniExt('ww2.abc4def.com'), ...etm]), 'TLS');
  // the SNI must come before the ETM extension
  assert.equal(classify([...etm, ...sniExt('www.abc4def.com')]), 'TLS');
  // ALPN after the ETM extension does not save it
  assert.equal(classify([...sniExt('www.abc4def.com'), ...etm, ...alpnExt(['h2'])]), 'TLS.Tor');
});

test('an SNI www.….com|.net that fails the DGA test makes TLS.Tor, whatever the hello shape (tls.c)', () => {
  // tor.pcap's SNIs (nDPI: TLS.Tor, Susp DGA Domain name)
  assert.equal(classify([...sniExt('www.q4cyamnc6mtokjurvdclt.com')]), 'TLS.Tor');
  assert.equal(classify([...sniExt('www.gfu7hbxpfp.com')]), 'TLS.Tor');
  assert.equal(classify([...sniExt('www.e6r5p57kbafwrxj3plz.net'), ...alpnExt(['h2'])]), 'TLS.Tor');
  // the same names without www., under another TLD, and ordinary names are not
  assert.equal(classify([...sniExt('q4cyamnc6mtokjurvdclt.com')]), 'TLS');
  assert.equal(classify([...sniExt('www.q4cyamnc6mtokjurvdclt.org')]), 'TLS');
  assert.equal(classify([...sniExt('www.google.com')]), 'TLS');
  assert.equal(classify([...sniExt('www.wikipedia.net')]), 'TLS');
});

const TLS_NAMES = /^(TLS|IMAPS|SMTPS|POPS)(\.|$)/;

for (const name of ['anydesk.pcapng', 'pia.pcap', 'selfsigned.pcap', 'sonos.pcapng', 'tls_client_certificate_with_missing_server_one.pcapng']) {
  test(`TLS sub-classification of ${name} agrees with nDPI`, { skip: NO_CORPUS }, () => {
    const r = compareWithNdpi(corpusFile(name), [tls], TLS_NAMES, l7ProtoName);
    assert.ok(r.flows > 0, 'no TLS flow compared');
    assert.deepEqual(r.mismatches.filter((m) => m.includes(' proto:')), []);
  });
}

for (const name of ['dtls_certificate.pcapng', 'dtls_certificate_fragments.pcap']) {
  test(`DTLS certificate service of ${name} agrees with nDPI`, { skip: NO_CORPUS }, () => {
    const r = compareWithNdpi(corpusFile(name), [dtls], /^DTLS\./, l7ProtoName);
    assert.ok(r.flows > 0, 'no DTLS flow compared');
    assert.deepEqual(r.mismatches.filter((m) => m.includes(' proto:')), []);
  });
}
