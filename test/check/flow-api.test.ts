import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalOn, makeFlow } from './helpers.js';

test('IPv4 addresses, ports and protocol; integers stay integers', async () => {
  const f = makeFlow('192.168.1.10', 40000, '8.8.8.8', 53, 17);
  assert.equal(await evalOn(f, 'flow.cli(), flow.srv()'), '192.168.1.10\t8.8.8.8');
  assert.equal(await evalOn(f, 'tostring(flow.srv_port()), flow.cli_port(), flow.protocol()'), '53\t40000\t17');
  assert.equal(await evalOn(f, 'math.type(flow.srv_port()), math.type(flow.protocol()), math.type(flow.bytes())'), 'integer\tinteger\tinteger');
  assert.equal(await evalOn(f, 'flow.srv_port() == 53, "port " .. flow.srv_port()'), 'true\tport 53');
});

test('IPv6 addresses are compressed lower case, no brackets', async () => {
  const f = makeFlow('2001:DB8:0:0:0:0:0:1', 5000, 'fe80::abcd:1', 443, 6);
  assert.equal(await evalOn(f, 'flow.cli(), flow.srv()'), '2001:db8::1\tfe80::abcd:1');
});

test('VLAN id (12 bits), 0 when untagged', async () => {
  assert.equal(await evalOn(makeFlow('10.0.0.1', 1, '10.0.0.2', 2, 6, { vlanId: 100 }), 'flow.vlan_id()'), '100');
  assert.equal(await evalOn(makeFlow('10.0.0.1', 1, '10.0.0.2', 2), 'flow.vlan_id()'), '0');
});

test('is_oneway: either direction without packets', async () => {
  assert.equal(await evalOn(makeFlow('10.0.0.1', 1, '1.1.1.1', 2), 'flow.is_oneway()'), 'false');
  assert.equal(await evalOn(makeFlow('10.0.0.1', 1, '1.1.1.1', 2, 6, { srv2cliPackets: 0, srv2cliBytes: 0 }), 'flow.is_oneway()'), 'true');
  assert.equal(await evalOn(makeFlow('10.0.0.1', 1, '1.1.1.1', 2, 6, { cli2srvPackets: 0 }), 'flow.is_oneway()'), 'true');
});

test('is_unicast: false for multicast and broadcast peers', async () => {
  const cases: [string, string, string][] = [
    ['10.0.0.1', '8.8.8.8', 'true'],
    ['192.168.1.5', '224.0.0.251', 'false'],
    ['192.168.1.5', '239.255.255.250', 'false'],
    ['0.0.0.0', '255.255.255.255', 'false'],
    ['192.168.1.5', '192.168.1.255', 'false'],
    ['10.1.2.3', '10.255.255.255', 'false'],
    ['fe80::1', 'ff02::fb', 'false'],
    ['2001:db8::1', '2001:db8::2', 'true'],
    ['8.8.4.4', '1.2.3.255', 'true'], // not in a local network: an ordinary host
  ];
  for (const [c, s, want] of cases) {
    assert.equal(await evalOn(makeFlow(c, 1, s, 2, 17), 'flow.is_unicast()'), want, `${c} -> ${s}`);
  }
});

test('port-less protocols report port 0', async () => {
  const f = makeFlow('10.0.0.1', 0, '10.0.0.2', 0, 1);
  assert.equal(await evalOn(f, 'flow.cli_port(), flow.srv_port(), flow.protocol()'), '0\t0\t1');
  const g = makeFlow('fe80::1', 0, 'fe80::2', 0, 58);
  assert.equal(await evalOn(g, 'tostring(flow.srv_port()), flow.protocol()'), '0\t58');
});

test('byte counters', async () => {
  const f = makeFlow('10.0.0.1', 1, '10.0.0.2', 2, 6, { cli2srvBytes: 1514, srv2cliBytes: 60 });
  assert.equal(await evalOn(f, 'flow.cli2srv_bytes(), flow.srv2cli_bytes(), flow.bytes()'), '1514\t60\t1574');
  const big = makeFlow('10.0.0.1', 1, '10.0.0.2', 2, 6, { cli2srvBytes: 5_000_000_000, srv2cliBytes: 1 });
  assert.equal(await evalOn(big, 'flow.bytes(), math.type(flow.bytes())'), '5000000001\tinteger');
});

test('l7 ids and nDPI-style names', async () => {
  const f = makeFlow('10.0.0.1', 1, '8.8.8.8', 443, 6, { l7Master: 91, l7App: 126 });
  assert.equal(await evalOn(f, 'flow.l7_master_proto(), flow.l7_proto(), flow.l7_proto_name()'), '91\t126\tTLS.Google');
  const http = makeFlow('10.0.0.1', 1, '8.8.8.8', 80, 6, { l7Master: 0, l7App: 7 });
  assert.equal(await evalOn(http, 'flow.l7_proto_name()'), 'HTTP');
  const same = makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17, { l7Master: 5, l7App: 5 });
  assert.equal(await evalOn(same, 'flow.l7_proto_name()'), 'DNS');
  assert.equal(await evalOn(makeFlow('10.0.0.1', 1, '8.8.8.8', 9), 'flow.l7_master_proto(), flow.l7_proto(), flow.l7_proto_name()'), '0\t0\tUnknown');
});

test('direction with the default and custom local networks', async () => {
  assert.equal(await evalOn(makeFlow('192.168.1.2', 1, '8.8.8.8', 53), 'flow.direction()'), 'local2remote');
  assert.equal(await evalOn(makeFlow('8.8.8.8', 1, '10.1.1.1', 22), 'flow.direction()'), 'remote2local');
  assert.equal(await evalOn(makeFlow('172.16.0.1', 1, '172.31.255.1', 22), 'flow.direction()'), 'local2local');
  assert.equal(await evalOn(makeFlow('172.32.0.1', 1, '1.1.1.1', 22), 'flow.direction()'), 'remote2remote');
  assert.equal(await evalOn(makeFlow('fe80::1', 1, '2001:db8::1', 22), 'flow.direction()'), 'local2remote');
  assert.equal(await evalOn(makeFlow('::1', 1, 'fd00::5', 22), 'flow.direction()'), 'local2local');
  // multicast and broadcast count as local
  assert.equal(await evalOn(makeFlow('8.8.8.8', 1, '224.0.0.1', 5), 'flow.direction()'), 'remote2local');
  const opts = { localNetworks: ['8.8.8.0/24', '2001:db8::/32'] };
  assert.equal(await evalOn(makeFlow('192.168.1.2', 1, '8.8.8.8', 53), 'flow.direction()', opts), 'remote2local');
  assert.equal(await evalOn(makeFlow('2001:db8::1', 1, '2001:db9::1', 53), 'flow.direction()', opts), 'local2remote');
});

test('protocol tables are nil when their metadata is absent', async () => {
  const f = makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17);
  assert.equal(await evalOn(f, 'flow.http(), flow.dns(), flow.ssh(), flow.tls_quic(), flow.tls()'), 'nil\tnil\tnil\tnil\tnil');
});

test('dns() keys, dotted and short', async () => {
  const f = makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17);
  f.meta.dns = { query: 'www.example.com', qtype: 28, rcode: 3, invalidChars: false, answers: ['1.2.3.4'] };
  const out = await evalOn(
    f,
    'flow.dns()["protos.dns.last_query"], flow.dns()["protos.dns.last_query_type"], math.type(flow.dns()["protos.dns.last_query_type"]), flow.dns()["protos.dns.last_return_code"], flow.dns()["protos.dns.invalid_chars_in_query"], flow.dns().query, flow.dns().answers[1]',
  );
  assert.equal(out, 'www.example.com\t28\tinteger\t3\tfalse\twww.example.com\t1.2.3.4');
  f.meta.dns = { query: 'bad name!', invalidChars: true };
  assert.equal(await evalOn(f, 'flow.dns()["protos.dns.invalid_chars_in_query"], flow.dns()["protos.dns.last_return_code"]'), 'true\tnil');
});

test('http() keys: last_url is host + path without scheme, return code 0 before a response', async () => {
  const f = makeFlow('10.0.0.1', 1, '93.184.216.34', 80);
  f.meta.http = { method: 'GET', url: '/index.html?a=1', host: 'example.com', userAgent: 'curl/8', server: 'nginx' };
  const out = await evalOn(
    f,
    'flow.http()["protos.http.last_method"], flow.http()["protos.http.last_url"], flow.http()["protos.http.last_return_code"], flow.http()["protos.http.server_name"], flow.http()["protos.http.last_user_agent"], flow.http()["protos.http.last_server"], flow.http().url, flow.http().method, flow.http().host',
  );
  assert.equal(out, 'GET\texample.com/index.html?a=1\t0\texample.com\tcurl/8\tnginx\texample.com/index.html?a=1\tGET\texample.com');
  f.meta.http = { method: 'POST', url: 'http://example.org/x', status: 404 };
  assert.equal(await evalOn(f, 'flow.http()["protos.http.last_url"], flow.http()["protos.http.last_return_code"], math.type(flow.http().return_code), flow.http()["protos.http.server_name"]'), 'example.org/x\t404\tinteger\tnil');
});

test('ssh() keys', async () => {
  const f = makeFlow('10.0.0.1', 50000, '10.0.0.2', 22);
  f.meta.ssh = { clientBanner: 'SSH-2.0-OpenSSH_9.6', serverBanner: 'SSH-2.0-dropbear', hasshClient: 'aa11', hasshServer: 'bb22' };
  assert.equal(
    await evalOn(f, 'flow.ssh()["protos.ssh.client_signature"], flow.ssh()["protos.ssh.server_signature"], flow.ssh()["protos.ssh.hassh.client_hash"], flow.ssh()["protos.ssh.hassh.server_hash"], flow.ssh().server_signature'),
    'SSH-2.0-OpenSSH_9.6\tSSH-2.0-dropbear\taa11\tbb22\tSSH-2.0-dropbear',
  );
});

test('tls_quic() keys for TLS, and tls() as an alias', async () => {
  const f = makeFlow('10.0.0.1', 50000, '142.250.1.1', 443, 6, { l7Master: 91, l7App: 126 });
  f.meta.tls = {
    version: 0x0303,
    sni: 'www.google.com',
    alpnOffered: ['h2', 'http/1.1'],
    supportedVersions: [0x0304, 0x0303],
    sans: ['www.google.com', '*.google.com'],
    issuer: 'CN=GTS CA 1C3',
    subject: 'CN=www.google.com',
    notBefore: 1700000000,
    notAfter: 1710000000,
    ja3c: 'ja3c',
    ja3s: 'ja3s',
    ja4: 't13d1516h2_x_y',
  };
  const keys = [
    'protos.tls_version',
    'protos.tls.client_requested_server_name',
    'protos.tls.client_alpn',
    'protos.tls.client_tls_supported_versions',
    'protos.tls.server_names',
    'protos.tls.issuerDN',
    'protos.tls.subjectDN',
    'protos.tls.notBefore',
    'protos.tls.notAfter',
    'protos.tls.ja4.client_hash',
    'protos.tls.ja3.client_hash',
    'protos.tls.ja3.server_hash',
  ];
  const out = await evalOn(f, keys.map((k) => `flow.tls_quic()["${k}"]`).join(', '));
  assert.equal(
    out,
    ['771', 'www.google.com', 'h2,http/1.1', 'TLSv1.3,TLSv1.2', 'www.google.com,*.google.com', 'CN=GTS CA 1C3', 'CN=www.google.com', '1700000000', '1710000000', 't13d1516h2_x_y', 'ja3c', 'ja3s'].join('\t'),
  );
  assert.equal(await evalOn(f, 'flow.tls().sni, flow.tls_quic().version, math.type(flow.tls_quic()["protos.tls_version"]), flow.tls_quic().quic'), 'www.google.com\t771\tinteger\tfalse');
  // the names beside the numbers, as the JSON report's tls.version_name and tls.cipher_name
  f.meta.tls = { version: 0xfefd, cipher: 0xc02f };
  assert.equal(await evalOn(f, 'flow.tls_quic().version_name, flow.tls_quic().cipher, flow.tls_quic().cipher_name'), 'DTLSv1.2\t49199\tTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  f.meta.tls = { version: 0x0303, cipher: 0x0a0a };
  assert.equal(await evalOn(f, 'flow.tls_quic().cipher_name'), 'nil');
  f.meta.tls = { version: 0x0304, alpn: 'h2', alpnOffered: ['h2', 'http/1.1'] };
  assert.equal(await evalOn(f, 'flow.tls_quic()["protos.tls.client_alpn"], flow.tls_quic()["protos.tls.client_requested_server_name"]'), 'h2\tnil');
});

test('tls_quic().quic is true for a QUIC flow whose TLS data sits in the TLS metadata', async () => {
  const f = makeFlow('10.0.0.1', 50000, '142.250.1.1', 443, 17, { l7Master: 188, l7App: 126 });
  f.meta.tls = { version: 0x0304, sni: 'www.google.com' };
  assert.equal(await evalOn(f, 'flow.tls_quic().quic, flow.tls_quic().sni'), 'true\twww.google.com');
});

test('tls_quic() for QUIC reports TLS 1.3', async () => {
  const f = makeFlow('10.0.0.1', 50000, '142.250.1.1', 443, 17);
  f.meta.quic = { version: 1, sni: 'www.youtube.com', alpn: ['h3'] };
  assert.equal(
    await evalOn(f, 'flow.tls_quic()["protos.tls_version"], flow.tls_quic()["protos.tls.client_requested_server_name"], flow.tls_quic()["protos.tls.client_alpn"], flow.tls_quic().quic'),
    '772\twww.youtube.com\th3\ttrue',
  );
});

test('protocol tables are built on each call, fresh', async () => {
  const f = makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17);
  f.meta.dns = { query: 'a.example' };
  assert.equal(await evalOn(f, '(function() local t = flow.dns(); t.query = "x"; return flow.dns().query end)()'), 'a.example');
});

test('flowcheck extensions: packets, timestamps, duration', async () => {
  const f = makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17, { firstSec: 1000, firstNsec: 0, lastSec: 1090, lastNsec: 500_000_000 });
  assert.equal(await evalOn(f, 'flow.packets(), flow.cli2srv_packets(), flow.srv2cli_packets(), flow.first_seen(), flow.last_seen(), flow.duration()'), '5\t3\t2\t1000\t1090\t90.5');
});
