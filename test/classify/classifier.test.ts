import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Classifier } from '../../lib/classify/classifier.js';
import { applyHostService } from '../../lib/classify/service.js';
import { DnsCache } from '../../lib/classify/dns-cache.js';
import { Verdict, type DissectInput, type Dissector } from '../../lib/classify/dissector.js';
import { l7ProtoName, protocolId } from '../../lib/classify/protocol-table.js';
import { PacketInfo } from '../../lib/decode/packet.js';
import { Flow } from '../../lib/flow/flow.js';
import { DISSECTORS } from '../../lib/classify/protocols/index.js';

function udpFlow(sport: number, dport: number, srv = 0x08080808): Flow {
  const f = new Flow(1);
  f.proto = 17;
  f.cli[0] = 0xc0a80001;
  f.srv[0] = srv;
  f.cliPort = sport;
  f.srvPort = dport;
  return f;
}

/** A scripted dissector: answers from a list and records the calls. */
function scripted(name: string, answers: Verdict[], opts: Partial<Dissector> = {}) {
  const calls: number[] = [];
  const d: Dissector = {
    name,
    transports: [17],
    ...opts,
    dissect(inp: DissectInput) {
      calls.push(inp.packetIndex);
      const v = answers[Math.min(calls.length - 1, answers.length - 1)];
      if (v === Verdict.Yes || v === Verdict.YesMore) {
        inp.flow.l7Master = 0;
        inp.flow.l7App = protocolId(name);
      }
      return v;
    },
  };
  return { d, calls };
}

const PAYLOAD = new Uint8Array([1, 2, 3, 4]);
const pkt = new PacketInfo();

function feed(c: Classifier, f: Flow, n: number): void {
  for (let i = 0; i < n && !f.classified; i++) c.inspect(f, 0, pkt, PAYLOAD, 0, PAYLOAD.length);
}

test('port-matching dissectors run first; No drops a dissector; Yes is final once', () => {
  const a = scripted('NTP', [Verdict.More, Verdict.No]);
  const b = scripted('SNMP', [Verdict.More, Verdict.More, Verdict.Yes], { ports: [161] });
  const order: string[] = [];
  for (const x of [a, b]) {
    const inner = x.d.dissect;
    (x.d as { dissect: Dissector['dissect'] }).dissect = (inp) => {
      order.push(x.d.name);
      return inner(inp);
    };
  }
  const finals: Flow[] = [];
  const c = new Classifier({}, (f) => finals.push(f), [a.d, b.d]);
  const f = udpFlow(40000, 161);
  feed(c, f, 10);
  assert.deepEqual(order, ['SNMP', 'NTP', 'SNMP', 'NTP', 'SNMP']);
  assert.equal(f.classified, true);
  assert.equal(f.confidence, 'dpi');
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'SNMP');
  assert.equal(finals.length, 1);
  c.end(f);
  assert.equal(finals.length, 1);
});

test('a portsOnly dissector is tried only on flows with one of its ports (either side), not on others', () => {
  const gated = scripted('SNMP', [Verdict.No], { ports: [161], portsOnly: true });
  const other = scripted('NTP', [Verdict.No]);
  const c = new Classifier({}, () => {}, [gated.d, other.d]);
  feed(c, udpFlow(40000, 53), 3);
  assert.equal(gated.calls.length, 0);
  assert.equal(other.calls.length, 1);
  feed(c, udpFlow(40000, 161), 3);
  feed(c, udpFlow(161, 40001), 3);
  assert.deepEqual(gated.calls, [0, 0]);
  // a TCP flow on that port: the dissector wants UDP only
  const t = udpFlow(40002, 161);
  t.proto = 6;
  feed(c, t, 3);
  assert.equal(gated.calls.length, 2);
});

test('every portsOnly dissector of the registry lists its ports (else it could never run)', () => {
  const gated = DISSECTORS.filter((d) => d.portsOnly === true);
  assert.ok(gated.length > 0);
  for (const d of gated) assert.ok((d.ports?.length ?? 0) > 0, d.name);
});

test('YesMore keeps only that dissector until Yes', () => {
  const a = scripted('DNS', [Verdict.YesMore, Verdict.YesMore, Verdict.Yes]);
  const b = scripted('NTP', [Verdict.More]);
  const finals: Flow[] = [];
  const c = new Classifier({}, (f) => finals.push(f), [a.d, b.d]);
  const f = udpFlow(40000, 53);
  feed(c, f, 1);
  assert.equal(f.classified, false);
  assert.equal(f.confidence, 'dpi');
  feed(c, f, 10);
  assert.deepEqual(a.calls, [0, 1, 2]);
  assert.deepEqual(b.calls, []);
  assert.equal(finals.length, 1);
});

test('the packet limit settles by default port, else Unknown', () => {
  const a = scripted('NTP', [Verdict.More]);
  const finals: Flow[] = [];
  const c = new Classifier({ maxPackets: 5 }, (f) => finals.push(f), [a.d]);
  const f = udpFlow(40000, 53);
  feed(c, f, 100);
  assert.equal(a.calls.length, 5);
  assert.equal(finals.length, 1);
  assert.equal(f.confidence, 'port');
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'DNS');
  const g = udpFlow(40000, 40001, 0xc0a80002);
  feed(c, g, 100);
  assert.equal(g.confidence, 'unknown');
  assert.equal(l7ProtoName(g.l7Master, g.l7App), 'Unknown');
  assert.equal(finals.length, 2);
});

test("no port guess: nDPI's address lists name the flow (confidence ip), the server's address first", () => {
  const a = scripted('NTP', [Verdict.More]);
  const c = new Classifier({ maxPackets: 3 }, () => {}, [a.d]);
  // 8.8.8.8 is in nDPI's Google list; 149.154.167.91 in its Telegram list
  const f = udpFlow(40000, 40001, 0x08080808);
  feed(c, f, 10);
  assert.equal(f.ipProto, protocolId('Google'));
  assert.equal(f.confidence, 'ip');
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'Google');
  const g = udpFlow(40000, 40001, 0x959aa75b);
  g.cli[0] = 0x08080808;
  feed(c, g, 10);
  assert.equal(g.ipProto, protocolId('Telegram'));
  // a default port wins over the address lists (nDPI: "Match by port"), ipProto is kept
  const h = udpFlow(40000, 53, 0x08080808);
  feed(c, h, 10);
  assert.equal(h.confidence, 'port');
  assert.equal(l7ProtoName(h.l7Master, h.l7App), 'DNS');
  assert.equal(h.ipProto, protocolId('Google'));
});

test('a VPN protocol found by DPI takes the VPN provider of its address as application; other lists do not', () => {
  const wg = scripted('WireGuard', [Verdict.Yes]);
  const c = new Classifier({}, () => {}, [wg.d]);
  const f = udpFlow(40000, 1234, 0xd98ac52b); // 217.138.197.43: nDPI's NordVPN list
  feed(c, f, 1);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'WireGuard.NordVPN');
  const g = udpFlow(40000, 1234, 0x08080808); // Google: not a VPN provider
  feed(c, g, 1);
  assert.equal(l7ProtoName(g.l7Master, g.l7App), 'WireGuard');
  assert.equal(g.ipProto, protocolId('Google'));
});

test('a YesMore verdict stands at the limit; a throwing dissector is contained', () => {
  const boom: Dissector = {
    name: 'NTP',
    transports: [17],
    dissect() {
      throw new Error('bug');
    },
  };
  const a = scripted('DNS', [Verdict.YesMore]);
  const finals: Flow[] = [];
  const c = new Classifier({ maxPackets: 3 }, (f) => finals.push(f), [boom, a.d]);
  const f = udpFlow(40000, 5000);
  feed(c, f, 10);
  assert.deepEqual(c.dissectorErrors, [{ dissector: 'NTP', count: 1, first: 'bug' }]);
  assert.equal(f.classified, true);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'DNS');
  assert.equal(f.confidence, 'dpi');
  assert.equal(finals.length, 1);
});

test('IP-protocol flows are named at the first packet', () => {
  const finals: Flow[] = [];
  const c = new Classifier({}, (f) => finals.push(f), []);
  const f = new Flow(2);
  f.proto = 1;
  c.inspect(f, 0, pkt, PAYLOAD, 0, 4);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'ICMP');
  assert.equal(f.classified, true);
  const g = new Flow(3);
  g.proto = 50;
  c.inspect(g, 0, pkt, PAYLOAD, 0, 4);
  assert.equal(l7ProtoName(g.l7Master, g.l7App), 'IPSec');
  c.end(g);
  assert.equal(finals.length, 2);
});

test('DNS answers feed the cache; an undetected flow to such an address gets the service', () => {
  const dnsD: Dissector = {
    name: 'DNS',
    transports: [17],
    dissect(inp) {
      inp.flow.host = 'www.google.com';
      inp.flow.meta.dns = { query: 'www.google.com', answers: ['142.250.1.1', 'x.l.google.com'] };
      applyHostService(inp.flow, protocolId('DNS'));
      return Verdict.Yes;
    },
  };
  const cache = new DnsCache(10);
  const c = new Classifier({ dnsCache: cache }, () => {}, [dnsD]);
  const q = udpFlow(40000, 53);
  feed(c, q, 1);
  assert.equal(l7ProtoName(q.l7Master, q.l7App), 'DNS.Google');
  assert.equal(cache.size, 1);
  const t = new Flow(9);
  t.proto = 6;
  t.srv[0] = (142 << 24) | (250 << 16) | (1 << 8) | 1;
  t.cliPort = 50000;
  t.srvPort = 5228;
  c.end(t);
  assert.equal(t.confidence, 'dns');
  assert.equal(l7ProtoName(t.l7Master, t.l7App), 'Google');
});

test('DnsCache is a bounded LRU', () => {
  const c = new DnsCache(2);
  c.set('1.1.1.1', 'a', 1);
  c.set('2.2.2.2', 'b', 2);
  assert.equal(c.get('1.1.1.1')?.name, 'a');
  c.set('3.3.3.3', 'c', 3);
  assert.equal(c.get('2.2.2.2'), undefined);
  assert.equal(c.get('1.1.1.1')?.service, 1);
  assert.equal(c.size, 2);
});

test("each dissector call says where the packet's own bytes begin (inp.seg): TCP per direction, UDP the datagram", () => {
  const segs: [number, number, number][] = [];
  const d: Dissector = {
    name: 'NTP',
    transports: [6, 17],
    dissect(inp: DissectInput) {
      segs.push([inp.dir, inp.seg!, inp.len]);
      return Verdict.More;
    },
  };
  const c = new Classifier({ maxPackets: 32 }, () => {}, [d]);
  const f = udpFlow(40000, 80);
  f.proto = 6;
  const stream = [new Uint8Array(64), new Uint8Array(64)];
  // client 10 bytes, server 7, client +5, server +3 (streams of 15 and 10), at offset 4
  c.inspect(f, 0, pkt, stream[0], 4, 10);
  c.inspect(f, 1, pkt, stream[1], 4, 7);
  c.inspect(f, 0, pkt, stream[0], 4, 15);
  c.inspect(f, 1, pkt, stream[1], 4, 10);
  assert.deepEqual(segs, [
    [0, 4, 10],
    [1, 4, 7],
    [0, 14, 15],
    [1, 11, 10],
  ]);
  segs.length = 0;
  const u = udpFlow(40000, 5000);
  c.inspect(u, 0, pkt, PAYLOAD, 0, 4);
  c.inspect(u, 0, pkt, PAYLOAD, 0, 4);
  assert.deepEqual(segs, [
    [0, 0, 4],
    [0, 0, 4],
  ]);
});

test("HTTP's sub-protocols look at the packet that found HTTP and take the flow under HTTP (nDPI's check_ndpi_subprotocols)", () => {
  const http = scripted('HTTP', [Verdict.YesMore], { transports: [6] });
  const bt = scripted('BitTorrent', [Verdict.Yes], { transports: [6] });
  const other = scripted('NTP', [Verdict.Yes], { transports: [6] });
  const c = new Classifier({}, () => {}, [http.d, other.d, bt.d]);
  const f = udpFlow(40000, 80);
  f.proto = 6;
  c.inspect(f, 0, pkt, PAYLOAD, 0, PAYLOAD.length);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'HTTP.BitTorrent');
  assert.equal(f.classified, true);
  assert.deepEqual(other.calls, []); // not a sub-protocol of HTTP: never asked once HTTP was found
  // a sub-protocol that says No leaves HTTP's verdict as it was
  const http2 = scripted('HTTP', [Verdict.Yes], { transports: [6] });
  const no = scripted('BitTorrent', [Verdict.No], { transports: [6] });
  const g = udpFlow(40001, 80);
  g.proto = 6;
  new Classifier({}, () => {}, [http2.d, no.d]).inspect(g, 0, pkt, PAYLOAD, 0, PAYLOAD.length);
  assert.equal(l7ProtoName(g.l7Master, g.l7App), 'HTTP');
  assert.deepEqual(no.calls, [0]);
});
