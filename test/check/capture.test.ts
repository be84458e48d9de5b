import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { corpusFile, NO_CORPUS, SAMPLES_DIR } from '../helpers/corpus.js';
import { checkFile } from './helpers.js';
import { frameRecords, Path, tcpConversation, type Frame, type TcpTurn } from '../../scripts/support/packets.js';
import { pcapFile } from '../../lib/capture/writer.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-caps-'));
const sample = (name: string) => path.join(SAMPLES_DIR, 'checks', name);

const T0_US = 1_700_000_000 * 1e6;
const ascii = (t: string) => Uint8Array.from(Buffer.from(t, 'latin1'));

/** A client/server TCP conversation (handshake, turns, FIN) starting `atSec` after T0. */
function conversation(cport: number, srv: string, sport: number, atSec: number, turns: TcpTurn[]): Frame[] {
  const path = new Path({ cli: '192.168.1.10', srv, cport, sport });
  return tcpConversation(path, { startUs: T0_US + atSec * 1e6, turns }).frames;
}

/** Writes frames (in time order) as an Ethernet pcap; `snaplen` cuts long frames. */
function writePcap(name: string, frames: Frame[], snaplen?: number): string {
  const file = path.join(tmp, name);
  writeFileSync(file, pcapFile(frameRecords([...frames].sort((a, b) => a.tUs - b.tUs), snaplen), { linktype: 1, snaplen: snaplen ?? 65535 }));
  return file;
}

/** Runs checks over a capture; returns alert messages per check, and the flows. */
async function runOn(capture: string, checks: string[], hook: 'detected' | 'end' = 'end') {
  const lines: string[] = [];
  const r = await analyze({ inputs: [capture], checks: checks.map((file) => ({ file, hook })), checkOptions: { stderr: (l) => lines.push(l) } });
  assert.deepEqual(r.checkErrors, []);
  const messages = (check: string) => r.alerts.filter((a) => a.check === check).map((a) => a.message);
  return { r, lines, messages };
}

const FIELDS = checkFile(
  [
    'local v = { flow.cli(), flow.cli_port(), flow.srv(), flow.srv_port(), flow.protocol(), flow.vlan_id(),',
    '  tostring(flow.is_oneway()), tostring(flow.is_unicast()), flow.direction(),',
    '  math.type(flow.srv_port()) .. math.type(flow.bytes()) .. math.type(flow.vlan_id()) }',
    'print(table.concat(v, "|"))',
  ].join('\n'),
  'fields.lua',
);

async function fieldLines(capture: string): Promise<string[]> {
  const { lines } = await runOn(corpusFile(capture), [FIELDS]);
  return lines.map((l) => l.replace(/^\[fields\.lua\] /, ''));
}

const INT3 = 'integerintegerinteger';

test('real flows: IPv4 and VLAN-tagged (dns.pcap)', { skip: NO_CORPUS }, async () => {
  const lines = await fieldLines('dns.pcap');
  assert.ok(lines.includes(`192.168.170.8|32795|192.168.170.20|53|17|0|false|true|local2local|${INT3}`), lines.join('\n'));
  assert.ok(lines.includes(`82.178.113.245|47255|82.178.158.181|53|17|785|false|true|remote2remote|${INT3}`), lines.join('\n'));
});

test('real flows: IPv6 addresses compressed (http_ipv6.pcap)', { skip: NO_CORPUS }, async () => {
  const lines = await fieldLines('http_ipv6.pcap');
  assert.ok(lines.includes(`2a00:d40:1:3:7aac:c0ff:fea7:d4c|37486|2a03:b0c0:3:d0::70:1001|443|6|0|false|true|remote2remote|${INT3}`), lines.join('\n'));
});

test('real flows: one-way (NTPv4.pcap) and port-less ICMP (googledns_android10.pcap)', { skip: NO_CORPUS }, async () => {
  assert.deepEqual(await fieldLines('NTPv4.pcap'), [`85.22.62.120|123|78.46.76.11|123|17|0|true|true|remote2remote|${INT3}`]);
  const icmp = await fieldLines('googledns_android10.pcap');
  assert.ok(icmp.includes(`192.168.1.159|0|8.8.8.8|0|1|0|false|true|local2remote|${INT3}`), icmp.join('\n'));
});

test('real flows: multicast and broadcast are not unicast (android.pcap)', { skip: NO_CORPUS }, async () => {
  const lines = await fieldLines('android.pcap');
  for (const want of [
    `0.0.0.0|68|255.255.255.255|67|17|0|true|false|local2local|${INT3}`,
    `192.168.2.1|17500|192.168.2.255|17500|17|0|true|false|local2local|${INT3}`,
    `192.168.2.1|5353|224.0.0.251|5353|17|0|true|false|local2local|${INT3}`,
    `fe80::4e6a:f6ff:fe9f:f627|546|ff02::1:2|547|17|0|true|false|local2local|${INT3}`,
  ]) {
    assert.ok(lines.includes(want), want);
  }
});

test('real flows: protocol tables from the classifier (ssh.pcap, http_ipv6.pcap)', { skip: NO_CORPUS }, async () => {
  const file = checkFile('local s = flow.ssh()\nlocal t = flow.tls_quic()\nif s then print("ssh", flow.srv_port(), s["protos.ssh.server_signature"]) end\nif t and t["protos.tls.client_requested_server_name"] then print("tls", t["protos.tls.client_requested_server_name"], t["protos.tls_version"]) end', 'tables.lua');
  const ssh = await runOn(corpusFile('ssh.pcap'), [file]);
  assert.ok(ssh.lines.includes('[tables.lua] ssh\t8000\tSSH-2.0-APACHE-SSHD-2.5.0'), ssh.lines.join('\n'));
  const tls = await runOn(corpusFile('http_ipv6.pcap'), [file]);
  assert.ok(tls.lines.includes('[tables.lua] tls\twww.ntop.org\t771'), tls.lines.join('\n'));
});

// ---- samples on captures -------------------------------------------------------------

test('example.lua on captures: alerts on DNS flows, none on SSH', { skip: NO_CORPUS }, async () => {
  const dns = await runOn(corpusFile('dns.pcap'), [sample('example.lua')], 'detected');
  assert.deepEqual(dns.messages('example.lua'), ['dummy alert message', 'dummy alert message']);
  assert.ok(dns.r.flows.every((f) => f.score === 100 && f.alerts[0].severity === 'error'));
  const ssh = await runOn(corpusFile('ssh.pcap'), [sample('example.lua')], 'detected');
  assert.deepEqual(ssh.messages('example.lua'), []);
});

test('ssh-non-standard-port.lua on ssh.pcap: the port-8000 server, not the port-22 one', { skip: NO_CORPUS }, async () => {
  const { messages } = await runOn(corpusFile('ssh.pcap'), [sample('ssh-non-standard-port.lua')]);
  assert.deepEqual(messages('ssh-non-standard-port.lua'), ['SSH on non-standard port 8000 (SSH-2.0-APACHE-SSHD-2.5.0)']);
  const none = await runOn(corpusFile('google_ssl.pcap'), [sample('ssh-non-standard-port.lua')]);
  assert.deepEqual(none.messages('ssh-non-standard-port.lua'), []);
});

test('tls-weak.lua: TLS 1.0 clients in ocs.pcap; modern TLS in http_ipv6.pcap and QUIC/DTLS are quiet', { skip: NO_CORPUS }, async () => {
  const ocs = await runOn(corpusFile('ocs.pcap'), [sample('tls-weak.lua')]);
  const msgs = ocs.messages('tls-weak.lua');
  assert.ok(msgs.some((m) => m.startsWith('TLS version 0x0301 below TLS 1.2 to ')), msgs.join('\n'));
  for (const quiet of ['http_ipv6.pcap', '443-firefox.pcap', 'stun.pcap', 'quic_frags_ch_in_multiple_packets.pcapng']) {
    const r = await runOn(corpusFile(quiet), [sample('tls-weak.lua')]);
    assert.deepEqual(r.messages('tls-weak.lua'), [], quiet);
  }
});

test('unexpected-protocol-on-port.lua: OpenVPN on 443 (openvpn.pcap); nothing on http_ipv6.pcap', { skip: NO_CORPUS }, async () => {
  const vpn = await runOn(corpusFile('openvpn.pcap'), [sample('unexpected-protocol-on-port.lua')]);
  const msgs = vpn.messages('unexpected-protocol-on-port.lua');
  assert.ok(msgs.length > 0 && msgs.every((m) => / on well-known port \d+$/.test(m)), msgs.join('\n'));
  const web = await runOn(corpusFile('http_ipv6.pcap'), [sample('unexpected-protocol-on-port.lua')]);
  assert.deepEqual(web.messages('unexpected-protocol-on-port.lua'), []);
});

test('long-oneway.lua: an unanswered TCP flow in syslog.pcap; UDP syslog and NTP are quiet', { skip: NO_CORPUS }, async () => {
  const sys = await runOn(corpusFile('syslog.pcap'), [sample('long-oneway.lua')]);
  assert.deepEqual(sys.messages('long-oneway.lua'), ['one-way flow for 196 s (10 packets, no answer from 169.46.82.162)']);
  const ntp = await runOn(corpusFile('NTPv4.pcap'), [sample('long-oneway.lua')]);
  assert.deepEqual(ntp.messages('long-oneway.lua'), []);
});

test('http-cleartext-credentials.lua on a crafted capture: password in the URL', async () => {
  const frames = [
    ...conversation(40001, '198.51.100.7', 80, 0, [
      { from: 'cli', data: ascii('GET /login?user=bob&password=hunter2 HTTP/1.1\r\nHost: app.example\r\nUser-Agent: curl/8\r\n\r\n') },
      { from: 'srv', data: ascii('HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n') },
    ]),
    ...conversation(40002, '198.51.100.7', 80, 1, [
      { from: 'cli', data: ascii('GET /search?q=hello HTTP/1.1\r\nHost: app.example\r\n\r\n') },
      { from: 'srv', data: ascii('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n') },
    ]),
  ];
  const { messages } = await runOn(writePcap('http-creds.pcap', frames), [sample('http-cleartext-credentials.lua')]);
  assert.deepEqual(messages('http-cleartext-credentials.lua'), ['password in cleartext HTTP URL to app.example']);
});

test('large-upload-remote.lua on a crafted capture: 11 MB up to a remote host, not down', async () => {
  const frames = [
    ...conversation(40003, '198.51.100.8', 443, 0, [
      { from: 'cli', data: new Uint8Array(8000 * 1460) },
      { from: 'srv', data: ascii('ok') },
    ]),
    ...conversation(40004, '198.51.100.8', 443, 10, [
      { from: 'cli', data: ascii('hi') },
      { from: 'srv', data: new Uint8Array(8000 * 1400) },
    ]),
  ];
  // snaplen 54 keeps the file small: the check counts wire lengths
  const { messages } = await runOn(writePcap('upload.pcap', frames, 54), [sample('large-upload-remote.lua')]);
  const msgs = messages('large-upload-remote.lua');
  assert.equal(msgs.length, 1);
  assert.match(msgs[0], /^large upload to remote 198\.51\.100\.8: 1\d{7} bytes sent, \d+ received$/);
});
