import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIpv4, parseIpv6 } from '../../lib/classify/address-trie.js';
import { Classifier } from '../../lib/classify/classifier.js';
import { FIRST_CUSTOM_ID, parseCustomProtocols, ProtocolNames } from '../../lib/classify/custom-protocols.js';
import { Verdict, type Dissector } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { PacketInfo } from '../../lib/decode/packet.js';
import { Flow } from '../../lib/flow/flow.js';

const PROTOS = `# nDPI's protos.txt format
tcp:81,tcp:8181@HTTP
tcp:860,udp:860,tcp:3260,udp:3260@iSCSI
tcp:65535@TestProto
host:"*.example.org",host:"example.net"@Example
ip:3.3.3.3:443@CustomProtocolA
ip:3.3.3.3:444@CustomProtocolB
ip:10.1.0.0/16@CustomProtocolC=800
ipv6:[fe80::1]/64:100@CustomProtocolE=2048
ipv6:[fe80::1]/64@CustomProtocolF=2049
nbpf:"host 192.168.1.1 and port 80"@HomeRouter
ip:www.ntop.org@ntop
ip_risk_mask:10.10.120.0/24=0
`;

test('protos.txt: ids after nDPI\'s in order of appearance (or =id), nDPI names extend nDPI protocols', () => {
  const cp = parseCustomProtocols(PROTOS, 'protos.txt');
  const names = new ProtocolNames(cp);
  assert.equal(cp.portRule(6, 81), protocolId('HTTP'));
  assert.equal(cp.isCustom(protocolId('HTTP')), false);
  assert.equal(cp.portRule(6, 3260), FIRST_CUSTOM_ID);
  assert.equal(cp.portRule(17, 860), FIRST_CUSTOM_ID);
  assert.equal(names.name(FIRST_CUSTOM_ID), 'iSCSI');
  assert.equal(names.name(FIRST_CUSTOM_ID + 1), 'TestProto');
  assert.equal(names.name(800), 'CustomProtocolC');
  assert.equal(names.l7Name(protocolId('TLS'), cp.hostRule('www.example.org')), 'TLS.Example');
  assert.equal(cp.hostRule('example.net'), cp.hostRule('a.example.org'));
  assert.equal(cp.hostRule('notexample.net'), 0);
  assert.equal(cp.ip.v4.lookup([parseIpv4('3.3.3.3')!], 444), cp.names.size > 0 ? [...cp.names].find(([, n]) => n === 'CustomProtocolB')![0] : -1);
  assert.equal(cp.ip.v4.lookup([parseIpv4('3.3.3.3')!], 80), 0);
  // the same network with and without a port: both kept
  assert.equal(cp.ip.v6.lookup(parseIpv6('fe80::9')!, 100), 2048);
  assert.equal(cp.ip.v6.lookup(parseIpv6('fe80::9')!, 101), 2049);
  // what cannot be applied is named, file and line
  assert.deepEqual(
    cp.warnings.map((w) => w.replace(/:.*?line (\d+).*/, ' $1')),
    ['protos.txt 11', 'protos.txt 12', 'protos.txt 13'],
  );
});

test('protos.txt: a malformed line is an error naming file and line', () => {
  assert.throws(() => parseCustomProtocols('tcp:80@HTTP\ntcp:99999@X\n', 'p.txt'), /p\.txt: line 2: bad port rule/);
  assert.throws(() => parseCustomProtocols('host:example.org@X\n', 'p.txt'), /line 1: bad host rule/);
  assert.throws(() => parseCustomProtocols('tcp:80\n', 'p.txt'), /line 1: expected RULES@PROTOCOL/);
  assert.throws(() => parseCustomProtocols('foo:1@X\n', 'p.txt'), /unknown rule kind 'foo'/);
  assert.throws(() => parseCustomProtocols('tcp:1@X=5\n', 'p.txt'), /id 5 is nDPI's/);
});

function flow(proto: number, cli: string, cport: number, srv: string, sport: number): Flow {
  const f = new Flow(1);
  f.proto = proto;
  f.cli[0] = parseIpv4(cli)!;
  f.srv[0] = parseIpv4(srv)!;
  f.cliPort = cport;
  f.srvPort = sport;
  return f;
}

const never: Dissector = { name: 'NTP', transports: [6, 17], dissect: () => Verdict.More };
const pkt = new PacketInfo();

test('classifier: a custom protocol\'s port or address rule decides at once (confidence custom); a port rule of an nDPI protocol is a default port', () => {
  const cp = parseCustomProtocols(PROTOS, 'protos.txt');
  const c = new Classifier({ custom: cp, maxPackets: 2 }, () => {}, [never]);
  const a = flow(6, '172.16.0.8', 36050, '64.13.134.52', 3260);
  c.inspect(a, 0, pkt, new Uint8Array(0), 0, 0);
  assert.equal(a.classified, true);
  assert.equal(a.confidence, 'custom');
  assert.equal(a.l7App, FIRST_CUSTOM_ID);
  const b = flow(6, '192.168.1.2', 40000, '10.1.2.3', 5555);
  c.inspect(b, 0, pkt, new Uint8Array(0), 0, 0);
  assert.equal(b.l7App, 800);
  assert.equal(b.ipProto, 800);
  const h = flow(6, '172.16.0.8', 36051, '64.13.134.52', 81);
  c.inspect(h, 0, pkt, new Uint8Array(0), 0, 0);
  assert.equal(h.classified, false);
  c.end(h);
  assert.equal(h.confidence, 'port');
  assert.equal(h.l7App, protocolId('HTTP'));
});
