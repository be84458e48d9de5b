import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import { dns, readName } from '../../lib/classify/protocols/dns.js';
import { DissectContext } from '../../lib/classify/context.js';
import { Flow } from '../../lib/flow/flow.js';
import { lcg31 } from '../helpers/random.js';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

// dns.pcap frame 4: query e7.whatsapp.net A (VLAN 785, PPPoE), 47255 → 53
const WA_QUERY = h('784301000001000000000000026537087768617473617070036e65740000010001');
// dns.pcap frame 5: its response, 8 A records with compressed owner names (c00c)
const WA_RESPONSE = h(
  '784381800001000800000000026537087768617473617070036e65740000010001' +
    'c00c00010001000001eb0004a92ddbebc00c00010001000001eb0004a92f288ec00c00010001000001eb0004a92df879' +
    'c00c00010001000001eb00046ca8b0eac00c00010001000001eb0004a92df8bdc00c00010001000001eb0004a92df8b4' +
    'c00c00010001000001eb0004a935514fc00c00010001000001eb0004a92ddbe8',
);
// dns.pcap frame 1: a response seen first (www.l.google.com AAAA, no answers), 53 → 32795
const GOOGLE_RESPONSE = h('dca28180000100000000000003777777016c06676f6f676c6503636f6d00001c0001');
// dns_fragmented.pcap frame 48: DNS over TCP, 2-byte length + query weberlab.de DNSKEY (EDNS)
const TCP_QUERY = h(
  '003480e4012000010000000000010877656265726c61620264650000300001000029100000008000000c000a00081b9af622ab2c9740',
);

function input(flow: Flow, data: Uint8Array, sport: number, dport: number, transport = 17, len = data.length): DissectInput {
  return { flow, dir: 0, data, off: 0, len, packetIndex: 0, transport, sport, dport };
}

function udpFlow(): Flow {
  const f = new Flow(1);
  f.proto = 17;
  return f;
}

test('DNS query then response (dns.pcap, WhatsApp)', () => {
  const f = udpFlow();
  assert.equal(dns.dissect(input(f, WA_QUERY, 47255, 53)), Verdict.YesMore);
  assert.equal(f.host, 'e7.whatsapp.net');
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'DNS.WhatsApp');
  assert.equal(f.meta.dns?.qtype, 1);
  assert.equal(f.meta.dns?.answers, undefined);
  assert.equal(dns.dissect(input(f, WA_RESPONSE, 53, 47255)), Verdict.Yes);
  assert.equal(f.meta.dns?.rcode, 0);
  assert.deepEqual(f.meta.dns?.answers, [
    '169.45.219.235',
    '169.47.40.142',
    '169.45.248.121',
    '108.168.176.234',
    '169.45.248.189',
    '169.45.248.180',
    '169.53.81.79',
    '169.45.219.232',
  ]);
  assert.equal(f.meta.dns?.invalidChars, undefined);
});

test('a response seen first names the flow; without records it waits for more (dns.pcap, Google)', () => {
  const f = udpFlow();
  assert.equal(dns.dissect(input(f, GOOGLE_RESPONSE, 53, 32795)), Verdict.YesMore);
  assert.equal(f.host, 'www.l.google.com');
  assert.equal(f.meta.dns?.qtype, 28);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'DNS.Google');
});

test('DNS over TCP: length prefix, the header must be in the first segment (as nDPI)', () => {
  const f = new Flow(2);
  f.proto = 6;
  f.cliPort = 57089;
  f.srvPort = 53;
  assert.equal(dns.dissect(input(f, TCP_QUERY, 57089, 53, 6)), Verdict.YesMore);
  assert.equal(f.host, 'weberlab.de');
  assert.equal(f.meta.dns?.qtype, 48);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'DNS');
  // a first segment shorter than length prefix + header is not DNS for nDPI
  const g = new Flow(3);
  g.proto = 6;
  assert.equal(dns.dissect(input(g, TCP_QUERY, 57089, 53, 6, 13)), Verdict.No);
});

test('MDNS and LLMNR are named by port, the client port first', () => {
  const f = udpFlow();
  f.cliPort = 5353;
  f.srvPort = 5353;
  f.srv[0] = 0xe00000fb; // 224.0.0.251
  assert.equal(dns.dissect(input(f, WA_QUERY, 5353, 5353)), Verdict.YesMore);
  // the query name still selects the service, under MDNS
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'MDNS.WhatsApp');
  const g = udpFlow();
  g.cliPort = 50000;
  g.srvPort = 5355;
  g.srv[0] = 0xe00000fc; // 224.0.0.252
  assert.equal(dns.dissect(input(g, WA_QUERY, 50000, 5355)), Verdict.Yes); // no wait for LLMNR
  assert.equal(l7ProtoName(g.l7Master, g.l7App), 'LLMNR.WhatsApp');
  // client port 5353 asking a DNS server: MDNS (nDPI checks the client port first)
  const k = udpFlow();
  k.cliPort = 5353;
  k.srvPort = 53;
  assert.equal(dns.dissect(input(k, WA_QUERY, 5353, 53)), Verdict.YesMore);
  assert.equal(l7ProtoName(k.l7Master, k.l7App), 'MDNS.WhatsApp');
});

test('a query to the MDNS/LLMNR port that is not multicast is refused', () => {
  const f = udpFlow();
  f.cliPort = 50000;
  f.srvPort = 5355;
  f.srv[0] = 0xc0a80101; // 192.168.1.1
  assert.equal(dns.dissect(input(f, WA_QUERY, 50000, 5355)), Verdict.No);
  const g = udpFlow();
  g.srv[0] = 0xc0a80101;
  assert.equal(dns.dissect(input(g, WA_QUERY, 50000, 5353)), Verdict.No);
});

test('after the query, up to 5 more packets wait for a response with records', () => {
  const f = udpFlow();
  f.cliPort = 47255;
  f.srvPort = 53;
  assert.equal(dns.dissect(input(f, WA_QUERY, 47255, 53)), Verdict.YesMore);
  // the query again (a retransmission) and a response without records: keep waiting
  assert.equal(dns.dissect(input(f, WA_QUERY, 47255, 53)), Verdict.YesMore);
  const empty = GOOGLE_RESPONSE.slice();
  assert.equal(dns.dissect(input(f, empty, 53, 47255)), Verdict.YesMore);
  assert.equal(dns.dissect(input(f, WA_RESPONSE, 53, 47255)), Verdict.Yes);
  const g = udpFlow();
  assert.equal(dns.dissect(input(g, WA_QUERY, 47255, 53)), Verdict.YesMore);
  for (let i = 0; i < 4; i++) assert.equal(dns.dissect(input(g, WA_QUERY, 47255, 53)), Verdict.YesMore);
  assert.equal(dns.dissect(input(g, WA_QUERY, 47255, 53)), Verdict.Yes);
});

test('invalid characters in the name become _ (printable) or ? (not), as nDPI shows them', () => {
  // _.teams.microsoft.com asked as "*.teams.microsoft.com"-like: label "\x01" and "a b"
  const q = h('1234 0100 0001 0000 0000 0000 03 612062 05 7465616d73 03 636f6d 00 0001 0001');
  const f = udpFlow();
  assert.equal(dns.dissect(input(f, q, 40000, 53)), Verdict.YesMore);
  assert.equal(f.host, 'a_b.teams.com');
  const q2 = h('1234 0100 0001 0000 0000 0000 01 01 03 636f6d 00 0001 0001');
  const g = udpFlow();
  dns.dissect(input(g, q2, 40000, 53));
  assert.equal(g.host, '?.com');
});

test('a compression-pointer loop ends as a limit hit of the run', () => {
  // header (1 question) + name = pointer to itself at offset 12
  const loop = h('1234 0100 0001 0000 0000 0000 c00c 0001 0001');
  const ctx = new DissectContext();
  const r = readName(loop, 0, loop.length, 12, ctx);
  assert.equal(r.next, -1);
  assert.deepEqual(ctx.hits.toRecord(), { 'dns-compression-hops': 1 });
  // the run's hop limit is the one obeyed: with 0 hops allowed even one pointer stops
  const ok = h('1234 0100 0001 0000 0000 0000 03616263 00 c00c 0001 0001');
  assert.equal(readName(ok, 0, ok.length, 17).name, 'abc');
  const strict = new DissectContext({ dnsCompressionHops: 0 });
  assert.equal(readName(ok, 0, ok.length, 17, strict).next, -1);
  assert.deepEqual(strict.hits.toRecord(), { 'dns-compression-hops': 1 });
  // nDPI still calls it DNS (the header is sane), without a host name
  const f = udpFlow();
  assert.equal(dns.dissect(input(f, loop, 40000, 53)), Verdict.YesMore);
  assert.equal(f.host, '');
  // two pointers that point at each other
  const pair = h('1234 0100 0001 0000 0000 0000 c00e c00c 0001 0001');
  assert.equal(readName(pair, 0, pair.length, 12).next, -1);
});

test('names are bounded and invalid characters are flagged', () => {
  // 5 labels of 63 bytes: over 255 characters
  let hex = '1234 0100 0001 0000 0000 0000';
  for (let i = 0; i < 5; i++) hex += '3f' + '61'.repeat(63);
  hex += '00 0001 0001';
  const long = h(hex);
  assert.equal(readName(long, 0, long.length, 12).next, -1);
  const bad = h('1234 0100 0001 0000 0000 0000 03 61 00 62 03 636f6d 00 0001 0001');
  const f = udpFlow();
  assert.equal(dns.dissect(input(f, bad, 40000, 53)), Verdict.YesMore);
  assert.equal(f.meta.dns?.invalidChars, true);
});

test('truncated and garbage payloads never throw', () => {
  for (const msg of [WA_QUERY, WA_RESPONSE, GOOGLE_RESPONSE]) {
    for (let n = 0; n < msg.length; n++) {
      const f = udpFlow();
      const v = dns.dissect(input(f, msg, 40000, 53, 17, n));
      assert.ok(v === Verdict.No || v === Verdict.YesMore || v === Verdict.Yes, `len ${n}`);
    }
  }
  const next = lcg31(12345);
  const rnd = () => (next() >> 16) & 0xff;
  for (let k = 0; k < 2000; k++) {
    const b = new Uint8Array(12 + (k % 80));
    for (let i = 0; i < b.length; i++) b[i] = rnd();
    b[4] = 0;
    b[5] = 1 + (k % 3); // plausible question counts reach the name parser
    const f = udpFlow();
    dns.dissect(input(f, b, 40000, 53));
    const t = new Flow(3);
    t.proto = 6;
    dns.dissect(input(t, b, 40000, 53, 6));
  }
});

test('DNS off its ports is not DNS (nDPI #1788)', () => {
  assert.equal(dns.dissect(input(udpFlow(), WA_QUERY, 47255, 5300)), Verdict.No);
  assert.equal(dns.dissect(input(udpFlow(), WA_QUERY, 47255, 443)), Verdict.No);
  assert.equal(dns.dissect(input(udpFlow(), TCP_QUERY, 40000, 5300, 6)), Verdict.No);
  // LLMNR is recognised by its destination port only
  const f = udpFlow();
  assert.equal(dns.dissect(input(f, WA_RESPONSE, 5355, 40000)), Verdict.No);
});

test('header sanity: too many questions, or a bad response shape, is not DNS', () => {
  const many = WA_QUERY.slice();
  many[5] = 17;
  assert.equal(dns.dissect(input(udpFlow(), many, 40000, 53)), Verdict.No);
  // a response with 0 questions off MDNS
  const noq = WA_RESPONSE.slice();
  noq[5] = 0;
  assert.equal(dns.dissect(input(udpFlow(), noq, 53, 40000)), Verdict.No);
  // a query with no questions but standard flags is still DNS (nDPI's is_valid_dns)
  const q0 = h('1234 0100 0000 0000 0000 0000');
  const f = udpFlow();
  assert.equal(dns.dissect(input(f, q0, 40000, 53)), Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'DNS');
});

test('MDNS: a unicast response without questions is still MDNS (anyconnect-vpn.pcap flow 27)', () => {
  // 10.0.0.227:5353 → 10.0.0.213:5353, flags 0x8400, 0 questions, 1 answer (first 100 bytes)
  const rsp = h(
    '0000840000000001000000040f5f636f6d70616e696f6e2d6c696e6b045f746370056c6f63616c00000c0001000011940014114c502d524b455255522d4f535820283929c00cc0320021800100000078000d00000000db69046e445049c021c032',
  );
  const f = udpFlow();
  f.cliPort = 5353;
  f.srvPort = 5353;
  f.srv[0] = 0x0a0000d5; // 10.0.0.213: not the group address, but a response without questions passes
  const v = dns.dissect(input(f, rsp, 5353, 5353));
  assert.ok(v === Verdict.Yes || v === Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'MDNS');
  assert.equal(f.host, '_companion-link._tcp.local');
});
