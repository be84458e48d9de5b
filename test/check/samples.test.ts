import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Flow } from '../../lib/flow/flow.js';
import { SAMPLES_DIR } from '../helpers/corpus.js';
import { harness, makeFlow } from './helpers.js';

const sample = (name: string) => path.join(SAMPLES_DIR, 'checks', name);

/** Runs one sample on each flow; returns the alerts per flow and fails on script errors. */
async function runSample(name: string, flows: Flow[]): Promise<string[][]> {
  const h = await harness(sample(name));
  try {
    for (const f of flows) h.run(f);
    assert.deepEqual(h.runner.errors, [], `${name} raised errors`);
    for (const f of flows) for (const a of f.alerts) assert.equal(a.check, name);
    return flows.map((f) => f.alerts.map((a) => a.message));
  } finally {
    h.runner.close();
  }
}

test('example.lua: the documentation example alerts on server port 53 only', async () => {
  const dns = makeFlow('10.0.0.1', 5000, '8.8.8.8', 53, 17);
  const web = makeFlow('10.0.0.1', 5000, '8.8.8.8', 80, 6);
  assert.deepEqual(await runSample('example.lua', [dns, web]), [['dummy alert message'], []]);
  assert.equal(dns.score, 100);
  assert.equal(dns.alerts[0].severity, 'error');
});

test('dns-non-standard-port.lua', async () => {
  const odd = makeFlow('10.0.0.1', 5000, '203.0.113.9', 5300, 17);
  odd.meta.dns = { query: 'tunnel.example', qtype: 16 };
  const normal = makeFlow('10.0.0.1', 5000, '8.8.8.8', 53, 17);
  normal.meta.dns = { query: 'www.example.com', qtype: 1 };
  const mdns = makeFlow('192.168.1.2', 5353, '224.0.0.251', 5353, 17);
  mdns.meta.dns = { query: 'printer.local' };
  const notDns = makeFlow('10.0.0.1', 5000, '203.0.113.9', 5300, 17);
  const out = await runSample('dns-non-standard-port.lua', [odd, normal, mdns, notDns]);
  assert.deepEqual(out, [['DNS to non-standard server port 5300 (query tunnel.example)'], [], [], []]);
});

test('tls-weak.lua: no SNI, and versions below TLS 1.2', async () => {
  const old = makeFlow('10.0.0.1', 5000, '198.51.100.7', 443);
  old.meta.tls = { version: 0x0301, sni: 'legacy.example' };
  const noSni = makeFlow('10.0.0.1', 5001, '198.51.100.8', 443);
  noSni.meta.tls = { version: 0x0304 };
  const good = makeFlow('10.0.0.1', 5002, '198.51.100.9', 443);
  good.meta.tls = { version: 0x0303, sni: 'www.example.com' };
  const quic = makeFlow('10.0.0.1', 5003, '198.51.100.9', 443, 17);
  quic.meta.quic = { version: 1 };
  const out = await runSample('tls-weak.lua', [old, noSni, good, quic]);
  assert.deepEqual(out, [['TLS version 0x0301 below TLS 1.2 to 198.51.100.7:443'], ['TLS client hello without SNI to 198.51.100.8:443'], [], []]);
  assert.equal(old.score, 150);
});

test('http-cleartext-credentials.lua: Basic authorization or a password in the URL', async () => {
  const basic = makeFlow('10.0.0.1', 5000, '198.51.100.7', 80);
  basic.meta.http = { method: 'GET', url: '/admin', host: 'router.example' };
  (basic.meta.http as { authorization?: string }).authorization = 'Basic YWRtaW46YWRtaW4=';
  const inUrl = makeFlow('10.0.0.1', 5001, '198.51.100.7', 80);
  inUrl.meta.http = { method: 'GET', url: '/login?user=bob&password=hunter2', host: 'app.example' };
  const clean = makeFlow('10.0.0.1', 5002, '198.51.100.7', 80);
  clean.meta.http = { method: 'GET', url: '/search?q=password=reset', host: 'www.example' };
  const bearer = makeFlow('10.0.0.1', 5003, '198.51.100.7', 80);
  bearer.meta.http = { method: 'GET', url: '/api', host: 'api.example' };
  (bearer.meta.http as { authorization?: string }).authorization = 'Bearer abc';
  const out = await runSample('http-cleartext-credentials.lua', [basic, inUrl, clean, bearer]);
  assert.deepEqual(out, [['HTTP Basic credentials in cleartext to router.example'], ['password in cleartext HTTP URL to app.example'], [], []]);
});

test('ssh-non-standard-port.lua', async () => {
  const odd = makeFlow('10.0.0.1', 5000, '198.51.100.7', 2222);
  odd.meta.ssh = { serverBanner: 'SSH-2.0-OpenSSH_8.9' };
  const byId = makeFlow('10.0.0.1', 5000, '198.51.100.7', 443, 6, { l7App: 92 });
  const normal = makeFlow('10.0.0.1', 5001, '198.51.100.7', 22);
  normal.meta.ssh = { serverBanner: 'SSH-2.0-OpenSSH_8.9' };
  const out = await runSample('ssh-non-standard-port.lua', [odd, byId, normal]);
  assert.deepEqual(out, [['SSH on non-standard port 2222 (SSH-2.0-OpenSSH_8.9)'], ['SSH on non-standard port 443 (unknown server)'], []]);
});

test('large-upload-remote.lua', async () => {
  const up = makeFlow('192.168.1.20', 5000, '203.0.113.50', 443, 6, { cli2srvBytes: 50_000_000, srv2cliBytes: 400_000 });
  const download = makeFlow('192.168.1.20', 5001, '203.0.113.50', 443, 6, { cli2srvBytes: 400_000, srv2cliBytes: 50_000_000 });
  const lan = makeFlow('192.168.1.20', 5002, '192.168.1.30', 445, 6, { cli2srvBytes: 50_000_000, srv2cliBytes: 400_000 });
  const small = makeFlow('192.168.1.20', 5003, '203.0.113.50', 443, 6, { cli2srvBytes: 1_000_000, srv2cliBytes: 1000 });
  const out = await runSample('large-upload-remote.lua', [up, download, lan, small]);
  assert.deepEqual(out, [['large upload to remote 203.0.113.50: 50000000 bytes sent, 400000 received'], [], [], []]);
});

test('unexpected-protocol-on-port.lua', async () => {
  const unknown443 = makeFlow('10.0.0.1', 5000, '203.0.113.5', 443, 6);
  const ssh443 = makeFlow('10.0.0.1', 5001, '203.0.113.5', 443, 6, { l7App: 92 });
  const tls443 = makeFlow('10.0.0.1', 5002, '203.0.113.5', 443, 6, { l7Master: 91, l7App: 126 });
  const dns53 = makeFlow('10.0.0.1', 5003, '8.8.8.8', 53, 17, { l7Master: 5, l7App: 126 });
  const synOnly = makeFlow('10.0.0.1', 5004, '203.0.113.5', 443, 6, { srv2cliPackets: 0 });
  const highPort = makeFlow('10.0.0.1', 5005, '203.0.113.5', 8443, 6);
  const out = await runSample('unexpected-protocol-on-port.lua', [unknown443, ssh443, tls443, dns53, synOnly, highPort]);
  assert.deepEqual(out, [['unknown protocol on well-known port 443'], ['SSH on well-known port 443'], [], [], [], []]);
});

test('long-oneway.lua', async () => {
  const span = { firstSec: 1000, lastSec: 1300, srv2cliPackets: 0, srv2cliBytes: 0, cli2srvPackets: 40 };
  const beacon = makeFlow('10.0.0.1', 5000, '203.0.113.5', 8080, 6, span);
  const answered = makeFlow('10.0.0.1', 5001, '203.0.113.5', 8080, 6, { ...span, srv2cliPackets: 40, srv2cliBytes: 4000 });
  const short = makeFlow('10.0.0.1', 5002, '203.0.113.5', 8080, 6, { ...span, lastSec: 1010 });
  const mcast = makeFlow('192.168.1.2', 5353, '224.0.0.251', 5353, 17, span);
  const syslog = makeFlow('10.0.0.1', 514, '10.0.0.9', 514, 17, { ...span, l7App: 17 });
  const unknownUdp = makeFlow('10.0.0.1', 7000, '203.0.113.5', 7001, 17, span);
  const out = await runSample('long-oneway.lua', [beacon, answered, short, mcast, syslog, unknownUdp]);
  assert.deepEqual(out, [['one-way flow for 300 s (40 packets, no answer from 203.0.113.5)'], [], [], [], [], ['one-way flow for 300 s (40 packets, no answer from 203.0.113.5)']]);
});

test('dump-flow.lua prints every field and raises nothing', async () => {
  const h = await harness(sample('dump-flow.lua'));
  const f = makeFlow('10.0.0.1', 5000, '8.8.8.8', 53, 17);
  f.meta.dns = { query: 'example.com', qtype: 1, rcode: 0 };
  h.run(f);
  assert.deepEqual(h.runner.errors, []);
  assert.equal(f.alerts.length, 0);
  const text = h.lines.map((l) => l.replace(/^\[dump-flow\.lua\] /, ''));
  assert.equal(text[0], '== flow 10.0.0.1 -> 8.8.8.8');
  for (const want of ['srv_port: 53', 'direction: local2remote', 'is_unicast: true', 'bytes: 500', '  protos.dns.last_query: example.com']) {
    assert.ok(text.includes(want), want);
  }
  h.runner.close();
});

test('alert-once-per-client.lua: one alert per client and cleartext protocol for an hour of packet time', async () => {
  const http = (cli: string, sec: number, srv = '93.184.216.34') => makeFlow(cli, 5000, srv, 80, 6, { l7App: 7, lastSec: sec });
  const flows = [
    http('192.168.1.10', 1000),
    http('192.168.1.10', 2000, '198.51.100.9'), // same client and protocol within the hour
    http('192.168.1.11', 2000), // another client
    makeFlow('192.168.1.10', 5001, '198.51.100.9', 23, 6, { l7App: 77, lastSec: 2000 }), // another protocol
    http('192.168.1.10', 3000, '192.168.1.1'), // local server
    http('192.168.1.10', 4600), // the hour has passed
    makeFlow('192.168.1.10', 5002, '93.184.216.34', 443, 6, { l7Master: 91, lastSec: 4600 }), // TLS
  ];
  const out = await runSample('alert-once-per-client.lua', flows);
  assert.deepEqual(out, [
    ['192.168.1.10 uses cleartext HTTP (first flow: to 93.184.216.34, 500 Bytes)'],
    [],
    ['192.168.1.11 uses cleartext HTTP (first flow: to 93.184.216.34, 500 Bytes)'],
    ['192.168.1.10 uses cleartext Telnet (first flow: to 198.51.100.9, 500 Bytes)'],
    [],
    ['192.168.1.10 uses cleartext HTTP (first flow: to 93.184.216.34, 500 Bytes)'],
    [],
  ]);
});

test('flows-per-server.lua: alerts once when a server passes MAX_FLOWS_PER_SERVER', async () => {
  const h = await harness(sample('flows-per-server.lua'));
  try {
    const flows: Flow[] = [];
    for (let i = 0; i < 103; i++) flows.push(h.run(makeFlow('10.0.0.1', 1000 + i, '203.0.113.9', 443, 6, { l7Master: 91 })));
    flows.push(h.run(makeFlow('10.0.0.1', 5000, '192.168.1.1', 53, 17)));
    assert.deepEqual(h.runner.errors, []);
    assert.deepEqual(
      flows.flatMap((f, i) => f.alerts.map((a) => `${i} ${a.message}`)),
      ['100 server 203.0.113.9: more than 100 flows (this one: TLS, 500 Bytes)'],
    );
  } finally {
    h.runner.close();
  }
});
