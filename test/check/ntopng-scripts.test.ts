// ntopng-style scripts (test/check/ntopng-scripts/) run unchanged against samples/mixed.pcap.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import type { CheckHook, CheckOptions } from '../../lib/check/runner.js';
import { corpusFile, NO_CORPUS, PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';

const SCRIPTS = path.join(PROJECT_ROOT, 'test', 'check', 'ntopng-scripts');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');

/** Runs scripts (name → hook) over mixed.pcap; alerts as "check|flow id|score|message", in the order raised. */
async function run(scripts: [string, CheckHook][], opts: CheckOptions = {}, capture = MIXED) {
  const lines: string[] = [];
  const r = await analyze({
    inputs: [capture],
    keepFlows: true,
    checks: scripts.map(([name, hook]) => ({ file: path.join(SCRIPTS, name), hook })),
    checkOptions: { stderr: (l) => lines.push(l), ...opts },
    // the scripts' alerts only (nDPI's risk alerts are tested in test/risk/)
    riskAlerts: new Set(),
  });
  assert.deepEqual(r.checkErrors, [], lines.join('\n'));
  const alerts = r.alerts.map((a) => `${a.check}|${a.flowId}|${a.score}|${a.message}`);
  return { r, lines, alerts };
}

test("the documentation's example: every flow to port 53, score 100 (error)", async () => {
  const { r, alerts } = await run([['doc-example.lua', 'detected']]);
  const dnsFlows = r.flows.filter((f) => f.srvPort === 53).map((f) => f.id).sort((a, b) => a - b);
  assert.deepEqual(dnsFlows, [1, 3, 12, 14, 16]);
  assert.deepEqual(alerts.map((a) => Number(a.split('|')[1])).sort((a, b) => a - b), dnsFlows);
  for (const a of r.alerts) assert.equal(a.severity, 'error');
  assert.ok(alerts.every((a) => a.endsWith('|100|dummy alert message')));
});

test('a module-form check (require "flow_consts", check(flow_info)) with lua_utils helpers and alert_consts', async () => {
  const { alerts } = await run([['module-remote-http.lua', 'detected']]);
  // flow 4 is HTTP to 93.184.216.34; flows 5 and 11 are HTTP inside the local networks
  assert.deepEqual(alerts, ['module-remote-http.lua|4|60|cleartext HTTP to remote 93.184.216.34 (1.97 KB, 6 Pkts, severity warning, type 38)']);
});

test('de-duplication with ntop.getCache/setCache: once per client and 5 s of packet time', async () => {
  const { alerts } = await run([['dns-once-per-client.lua', 'detected']]);
  // DNS to remote resolvers from 192.168.1.10: 8.8.8.8 at :00 (alert, until :05), 1.1.1.1 at
  // :01 (within), 8.8.4.4 at :12 (alert, until :17), 9.9.9.9 at :10 — reaches the check at
  // the end of the capture, still within 8.8.4.4's 5 s; the IPv6 query is remote2remote
  assert.deepEqual(alerts, [
    'dns-once-per-client.lua|1|20|DNS to remote resolver 8.8.8.8 (www.google.com)',
    'dns-once-per-client.lua|16|20|DNS to remote resolver 8.8.4.4 (www.github.com)',
  ]);
});

test('the cache is shared by all checks of a run, and not between runs', async () => {
  // two copies of the same check: the second finds the first one's keys and stays quiet
  const both = await run([
    ['dns-once-per-client.lua', 'detected'],
    ['dns-once-per-client.lua', 'detected'],
  ]);
  assert.equal(both.alerts.length, 2);
  // a second analysis starts with an empty cache: the same two alerts again
  assert.equal((await run([['dns-once-per-client.lua', 'detected']])).alerts.length, 2);
});

test('end-of-flow sample: flows per server counted with ntop.incrCache, alert above 1', async () => {
  const { alerts } = await run([['flows-per-server.lua', 'end']]);
  // 1.1.1.1 serves the DNS flow 3 and the ICMP flow 10
  assert.deepEqual(alerts, ['flows-per-server.lua|10|30|1.1.1.1: flow 2 to this server (ICMP, 656 Bytes)']);
});

test('periodic sample: once per flow via ntop.setHashCache, packet time from ntop.getTime', async () => {
  const { alerts } = await run([['periodic-volume.lua', 'periodic']]);
  // the one-way syslog flow (10 min): past 10000 bytes at its 4th minute
  assert.deepEqual(alerts, ['periodic-volume.lua|18|40|192.168.1.10:40514-192.168.1.5:514 sent 12.45 KB (12,749 bytes) by 00:04:00']);
});

test('a module beside the check (require "lib.port_rules") and dkjson', async () => {
  const { alerts } = await run([['blocked-ports-json.lua', 'detected']]);
  assert.deepEqual(alerts, [
    'blocked-ports-json.lua|15|120|{"cli":"192.168.1.10","port":5300,"proto":"Unknown","reason":"DNS-like service on a non-standard port","srv":"192.168.1.53"}',
  ]);
});

test('the 2022 samples pass cli_port() as the score: clamped with a located note, or its low 8 bits with --ntopng-compat', async () => {
  const file = path.join(SCRIPTS, 'old-score-from-port.lua');
  const plain = await run([['old-score-from-port.lua', 'detected']]);
  assert.deepEqual(plain.alerts, ['old-score-from-port.lua|7|255|ssh from port 50022']);
  assert.deepEqual(plain.lines, [`[old-score-from-port.lua] note: ${file}:3: triggerAlert score 50022 is outside 0-255 or not an integer; using 255`]);
  const compat = await run([['old-score-from-port.lua', 'detected']], { compat: true });
  assert.deepEqual(compat.alerts, [`old-score-from-port.lua|7|${50022 % 256}|ssh from port 50022`]);
  assert.match(compat.lines[0], /:3: triggerAlert score 50022 .*keeping its low 8 bits as ntopng does \(--ntopng-compat\): 102$/);
});

test('flows reach checks in the same order on every run', async () => {
  const order = async () => (await run([['doc-example.lua', 'detected'], ['flows-per-server.lua', 'end']])).alerts.join('\n');
  assert.equal(await order(), await order());
});

test('the same scripts, unchanged, on corpus captures (dns.pcap, http.pcapng)', { skip: NO_CORPUS }, async () => {
  const all: [string, CheckHook][] = [
    ['dns-once-per-client.lua', 'detected'],
    ['module-remote-http.lua', 'detected'],
    ['blocked-ports-json.lua', 'detected'],
    ['flows-per-server.lua', 'end'],
  ];
  // dns.pcap: a query inside 192.168.170/24 (local2local) and one between two remote hosts
  const dnsRun = await run(all, {}, corpusFile('dns.pcap'));
  assert.deepEqual(dnsRun.alerts, ['dns-once-per-client.lua|2|20|DNS to remote resolver 82.178.158.181 (e7.whatsapp.net)']);
  const httpRun = await run(all, {}, corpusFile('http.pcapng'));
  assert.deepEqual(httpRun.alerts, ['module-remote-http.lua|1|60|cleartext HTTP to remote 216.58.208.142 (1014 Bytes, 6 Pkts, severity warning, type 38)']);
});
