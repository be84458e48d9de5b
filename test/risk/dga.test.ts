/**
 * Susp DGA Domain name (lib/risk/dga.ts): nDPI's name test on crafted names, the tables
 * generated from nDPI's lists, and the corpus flows where nDPI's .out has the risk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { Flow } from '../../lib/flow/flow.js';
import { computeRisks } from '../../lib/risk/compute.js';
import { dgaName, type DgaMemo } from '../../lib/risk/dga.js';
import { RISK } from '../../lib/risk/risks.js';
import { stringArray, stripC, xgramMap } from '../../scripts/gen-dga.js';
import { testConfigLists } from '../../scripts/risk-accuracy.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';

test('DGA names: random labels are, words and numbered hosts are not', () => {
  // the names nDPI's own test runs flag (tor.pcap SNIs, dnscat2 queries, a CDN label)
  assert.equal(dgaName('www.q4cyamnc6mtokjurvdclt.com'), 'q4cyamnc6mtokjurvdclt.com');
  assert.equal(dgaName('gfu7hbxpfp.com'), 'gfu7hbxpfp.com');
  assert.equal(dgaName('acjstb.aliyun.com'), 'acjstb.aliyun.com');
  // a label of 19+ characters holding digits
  assert.equal(dgaName('a05700e6da83510001636f6e736f.example.org'), 'a05700e6da83510001636f6e736f.example.org');
  // more than five dots, a run of six equal characters (NetBIOS wildcard "ckaaaaaa…")
  assert.equal(dgaName('a.b.c.d.e.f.example.com'), 'a.b.c.d.e.f.example.com');
  assert.equal(dgaName('ckaaaaaaaaaaaaaaaa.example.com'), 'ckaaaaaaaaaaaaaaaa.example.com');
  // ordinary names
  for (const n of ['www.google.com', 'mail.example.org', 'wikipedia.org', 'download.windowsupdate.com', 'images.yahoo.com', 'facebook.com']) {
    assert.equal(dgaName(n), undefined, n);
  }
  // not tested at all: dashes, underscores, reverse look-ups, local names, addresses, no dot, short
  for (const n of ['xkqzvbnwpt-r.com', 'xkqz_vbnwpt.com', '4.3.2.1.in-addr.arpa', 'xkqzvbnwpt.local', '192.168.1.1', 'xkqzvbnwptrlm', 'a.bc']) {
    assert.equal(dgaName(n), undefined, n);
  }
  // three digits in a row in the first label: a numbered host
  assert.equal(dgaName('srv123xkqzvbnw.com'), undefined);
});

test('gen-dga: reads nDPI\'s C arrays without comments and #if 0 blocks, into nDPI\'s bit maps', () => {
  const src = `static const char *ndpi_en_bigrams[] = { "aa", /* "zz", */ "ab", NULL };
#if 0
static const char *ndpi_en_bigrams_old[] = { "qq", NULL };
#endif
static const char *ndpi_en_trigrams[] = {
"the",
#if 0
"zzz",
#endif
NULL };`;
  const text = stripC(src);
  assert.deepEqual(stringArray(text, 'ndpi_en_bigrams'), ['aa', 'ab']);
  assert.deepEqual(stringArray(text, 'ndpi_en_trigrams'), ['the']);
  const map = xgramMap(['ab'], 2); // a=0, b=1 → bit 1
  assert.equal(map[0], 2);
  const t = xgramMap(['the'], 3); // t=19, h=7, e=4 → 19·676 + 7·26 + 4 = 13030
  assert.equal(t[13030 >>> 5], 1 << (13030 & 31));
  assert.throws(() => xgramMap(['a1'], 2), /not 2 letters/);
});

function namedFlow(master: number, app: number, host: string): Flow {
  const f = new Flow(1);
  f.proto = 17;
  f.l7Master = master;
  f.l7App = app;
  f.host = host;
  f.cli2srvPackets = 1;
  f.srv2cliPackets = 1;
  return f;
}

test('DGA risk: on DNS/HTTP/TLS names; a DNS answer without error adds Risky Domain; sub-protocols are exempt', () => {
  const dns = namedFlow(5, 0, 'acjstb.aliyun.com');
  dns.meta.dns = { query: 'acjstb.aliyun.com', rcode: 0 };
  computeRisks(dns);
  assert.equal(dns.risks?.find((r) => r.id === RISK.SUSPICIOUS_DGA_DOMAIN)?.info, 'acjstb.aliyun.com');
  assert.equal(dns.risks?.find((r) => r.id === RISK.RISKY_DOMAIN)?.info, 'DGA Name Query with no Error Code');
  // NXDOMAIN: DGA, not Risky Domain
  const nx = namedFlow(5, 0, 'acjstb.aliyun.com');
  nx.meta.dns = { query: 'acjstb.aliyun.com', rcode: 3 };
  computeRisks(nx);
  assert.ok(nx.risks?.some((r) => r.id === RISK.SUSPICIOUS_DGA_DOMAIN));
  assert.ok(!nx.risks?.some((r) => r.id === RISK.RISKY_DOMAIN));
  // TLS SNI: DGA; TLS.YouTube (a matched service): not tested
  const sni = namedFlow(91, 0, 'e6r5p57kbafwrxj3plz.com');
  computeRisks(sni);
  assert.ok(sni.risks?.some((r) => r.id === RISK.SUSPICIOUS_DGA_DOMAIN));
  const sub = namedFlow(91, 124, 'e6r5p57kbafwrxj3plz.com');
  computeRisks(sub);
  assert.ok(!sub.risks?.some((r) => r.id === RISK.SUSPICIOUS_DGA_DOMAIN));
  // a protocol whose dissector does not test names (SMTP)
  const smtp = namedFlow(3, 0, 'e6r5p57kbafwrxj3plz.com');
  computeRisks(smtp);
  assert.ok(!smtp.risks?.some((r) => r.id === RISK.SUSPICIOUS_DGA_DOMAIN));
});

test('DGA risk with a run\'s memo: the same verdicts, each name tested once', () => {
  const memo: DgaMemo = new Map();
  for (const host of ['e6r5p57kbafwrxj3plz.com', 'www.example.org', 'e6r5p57kbafwrxj3plz.com', 'www.example.org:8080']) {
    const plain = namedFlow(91, 0, host);
    computeRisks(plain);
    const memoized = namedFlow(91, 0, host);
    computeRisks(memoized, undefined, undefined, memo);
    assert.deepEqual(memoized.risks, plain.risks, host);
  }
  assert.deepEqual([...memo], [
    ['e6r5p57kbafwrxj3plz.com', 'e6r5p57kbafwrxj3plz.com'],
    ['www.example.org', null],
  ]);
});

test('corpus tor.pcap and starcraft_battle.pcap: the DGA names nDPI reports', { skip: NO_CORPUS }, async () => {
  const tor = await analyze({ inputs: [corpusFile('tor.pcap')], keepFlows: true, riskLists: testConfigLists() });
  const torDga = tor.flows
    .map((f) => f.risks?.find((r) => r.id === RISK.SUSPICIOUS_DGA_DOMAIN)?.info)
    .filter((x): x is string => x !== undefined)
    .sort();
  // tor.pcap.out: q4cyamnc6mtokjurvdclt.com, gfu7hbxpfp.com, e6r5p57kbafwrxj3plz.com
  assert.deepEqual(torDga, ['e6r5p57kbafwrxj3plz.com', 'gfu7hbxpfp.com', 'q4cyamnc6mtokjurvdclt.com']);
  // and those three flows are TLS.Tor (tls.c: a DGA SNI www.….com), as in tor.pcap.out
  const torFlows = tor.flows.filter((f) => f.l7App === 163).map((f) => `${f.host} ${f.l7Master}`).sort();
  assert.deepEqual(torFlows, ['www.e6r5p57kbafwrxj3plz.com 91', 'www.gfu7hbxpfp.com 91', 'www.q4cyamnc6mtokjurvdclt.com 91']);
  const sc = await analyze({ inputs: [corpusFile('starcraft_battle.pcap')], keepFlows: true, riskLists: testConfigLists() });
  const scDga = sc.flows.filter((f) => f.risks?.some((r) => r.id === RISK.SUSPICIOUS_DGA_DOMAIN));
  // starcraft_battle.pcap.out: the DNS query and the HTTP request for llnw.blizzard.com, nothing else
  assert.deepEqual(scDga.map((f) => f.host).sort(), ['llnw.blizzard.com', 'llnw.blizzard.com']);
  const dns = scDga.find((f) => f.srvPort === 53);
  assert.ok(dns?.risks?.some((r) => r.id === RISK.RISKY_DOMAIN && r.info === 'DGA Name Query with no Error Code'));
});
