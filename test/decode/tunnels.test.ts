import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, Tunnel } from '../../lib/decode/packet.js';
import { decodeOne, eth, hex, ipv4, ipv6, onlyProblem, tcp, u16, u32, udp, text, type Bytes } from './build.js';
import { formatAddr } from '../../lib/flow/flow.js';

const OUTER4 = { src: '172.16.0.1', dst: '172.16.0.2' };
const OUTER6 = { src: '2001:db8:ffff::1', dst: '2001:db8:ffff::2' };
const INNER_UDP = ipv4({ src: '192.168.10.210', dst: '192.168.103.40', proto: 17 }, udp(5060, 5060, text('SIP/2.0 100 Trying')));
const INNER_TCP6 = ipv6({ src: 'fd00::1', dst: 'fd00::2', nh: 6 }, tcp({ sport: 1111, dport: 443 }, text('tls')));

function expectInnerSip(frame: Bytes, tunnel: Tunnel, vlan = 0): void {
  const { status, pkt, payload } = decodeOne(frame);
  assert.equal(status, DecodeStatus.Ok);
  assert.equal(pkt.tunnel, tunnel);
  assert.equal(formatAddr(4, pkt.src), '192.168.10.210');
  assert.equal(formatAddr(4, pkt.dst), '192.168.103.40');
  assert.deepEqual([pkt.proto, pkt.sport, pkt.dport, pkt.vlanId], [17, 5060, 5060, vlan]);
  assert.deepEqual(payload, text('SIP/2.0 100 Trying'));
}

function expectInnerTcp6(frame: Bytes, tunnel: Tunnel): void {
  const { status, pkt, payload } = decodeOne(frame);
  assert.equal(status, DecodeStatus.Ok);
  assert.equal(pkt.tunnel, tunnel);
  assert.equal(formatAddr(6, pkt.src), 'fd00::1');
  assert.deepEqual([pkt.ipVersion, pkt.proto, pkt.sport, pkt.dport], [6, 6, 1111, 443]);
  assert.deepEqual(payload, text('tls'));
}

test('GRE: plain, with checksum/key/sequence, IPv6 inside, transparent Ethernet bridging', () => {
  const gre = (flags: number, proto: number, extra: Bytes, inner: Bytes): Bytes => eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [...u16(flags), ...u16(proto), ...extra, ...inner]), [142]);
  expectInnerSip(gre(0, 0x0800, [], INNER_UDP), Tunnel.GRE, 142);
  expectInnerSip(gre(0xb000, 0x0800, [0, 0, 0, 0, ...u32(7), ...u32(9)], INNER_UDP), Tunnel.GRE, 142);
  expectInnerSip(gre(0x2000, 0x0800, u32(1), INNER_UDP), Tunnel.GRE, 142);
  expectInnerTcp6(gre(0x1000, 0x86dd, u32(1), INNER_TCP6), Tunnel.GRE);
  expectInnerSip(gre(0, 0x6558, [], eth(0x0800, INNER_UDP)), Tunnel.GRE, 142);
  // Inner VLAN inside bridged Ethernet wins (innermost tag).
  expectInnerSip(gre(0, 0x6558, [], eth(0x0800, INNER_UDP, [77])), Tunnel.GRE, 77);
});

test('GRE with an unknown payload type, or non-IP inside, stays a port-less GRE packet', () => {
  const unknown = decodeOne(eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [0, 0, 0x88, 0x0b, 1, 2, 3, 4])));
  assert.equal(unknown.status, DecodeStatus.Ok);
  assert.deepEqual([unknown.pkt.proto, unknown.pkt.tunnel, unknown.pkt.sport, unknown.payload.length], [47, Tunnel.None, 0, 8]);
  assert.equal(formatAddr(4, unknown.pkt.src), '172.16.0.1');
  const dec = new Decoder();
  const arp = decodeOne(eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [0, 0, 0x65, 0x58, ...eth(0x0806, Array(28).fill(0))])), 1, {}, dec);
  assert.equal(arp.status, DecodeStatus.Ok);
  assert.deepEqual([arp.pkt.proto, arp.pkt.tunnel, arp.pkt.ipVersion], [47, Tunnel.None, 4]);
  assert.equal(formatAddr(4, arp.pkt.dst), '172.16.0.2');
  assert.equal(dec.nonIp, 0);
  const t = new Decoder();
  assert.equal(decodeOne(eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [0x30, 0, 0x08, 0x00, 0, 0])), 1, {}, t).status, DecodeStatus.Malformed);
  assert.equal(onlyProblem(t), 'truncated-gre');
});

test('PPTP enhanced GRE (version 1) carries PPP', () => {
  const ppp = [0xff, 0x03, 0x00, 0x21, ...INNER_UDP];
  const hdr = [0x30, 0x81, 0x88, 0x0b, ...u16(ppp.length), ...u16(5), ...u32(1), ...u32(0)];
  expectInnerSip(eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [...hdr, ...ppp])), Tunnel.GRE);
});

test('ERSPAN type II and III over GRE mirror an Ethernet frame', () => {
  const erspan2 = [0x10, 0x01, 0, 0, 0, 0, 0, 0];
  expectInnerSip(eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [0x10, 0x00, 0x88, 0xbe, ...u32(1), ...erspan2, ...eth(0x0800, INNER_UDP)])), Tunnel.GRE);
  const erspan3 = [0x20, 0x01, 0, 0, ...u32(123456), 0, 0, 0, 0];
  expectInnerSip(eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [0x10, 0x00, 0x22, 0xeb, ...u32(1), ...erspan3, ...eth(0x0800, INNER_UDP)])), Tunnel.GRE);
  // O flag: an 8-byte platform-specific subheader follows.
  const erspan3o = [0x20, 0x01, 0, 0, ...u32(123456), 0, 0, 0, 1, ...Array(8).fill(0x5a)];
  expectInnerSip(eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [0x10, 0x00, 0x22, 0xeb, ...u32(1), ...erspan3o, ...eth(0x0800, INNER_UDP)])), Tunnel.GRE);
});

test('GRE with source routing (R bit) is not followed', () => {
  const r = decodeOne(eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [0x40, 0x00, 0x08, 0x00, 0, 0, 0, 0, ...INNER_UDP])));
  assert.deepEqual([r.status, r.pkt.proto, r.pkt.tunnel], [DecodeStatus.Ok, 47, Tunnel.None]);
});

test('VXLAN: UDP 4789 with the I flag → Ethernet', () => {
  const vx = (flags: number): Bytes => eth(0x0800, ipv4({ ...OUTER4, proto: 17 }, udp(54321, 4789, [flags, 0, 0, 0, 0, 0, 5, 0, ...eth(0x0800, INNER_UDP, [5])])));
  expectInnerSip(vx(0x08), Tunnel.VXLAN, 5);
  const notVx = decodeOne(vx(0x00));
  assert.deepEqual([notVx.status, notVx.pkt.tunnel, notVx.pkt.dport], [DecodeStatus.Ok, Tunnel.None, 4789]);
});

test('GTP-U: plain, with sequence, with extension headers; IPv4 and IPv6 inside', () => {
  const gtp = (flags: number, extra: Bytes, inner: Bytes): Bytes =>
    eth(0x0800, ipv4({ ...OUTER4, proto: 17 }, udp(2152, 2152, [flags, 0xff, ...u16(extra.length + inner.length), ...u32(0xabc), ...extra, ...inner])));
  expectInnerSip(gtp(0x30, [], INNER_UDP), Tunnel.GTP);
  expectInnerSip(gtp(0x32, [0, 1, 0, 0], INNER_UDP), Tunnel.GTP);
  // E flag: next extension type 0x85 (PDU session container, 1 unit), then none.
  expectInnerTcp6(gtp(0x34, [0, 0, 0, 0x85, 1, 0x10, 0x09, 0x00], INNER_TCP6), Tunnel.GTP);
  // Two extension headers chained.
  expectInnerSip(gtp(0x34, [0, 0, 0, 0x85, 1, 0, 0, 0x40, 1, 0x12, 0x34, 0x00], INNER_UDP), Tunnel.GTP);
  // Echo request (type 1) is not a T-PDU: plain UDP.
  const echo = decodeOne(eth(0x0800, ipv4({ ...OUTER4, proto: 17 }, udp(2152, 2152, [0x32, 0x01, 0, 4, 0, 0, 0, 0, 0, 1, 0, 0]))));
  assert.deepEqual([echo.status, echo.pkt.tunnel, echo.pkt.dport], [DecodeStatus.Ok, Tunnel.None, 2152]);
  const dec = new Decoder();
  decodeOne(gtp(0x34, [0, 0, 0, 0x85, 0, 0, 0, 0], INNER_UDP), 1, {}, dec);
  assert.equal(onlyProblem(dec), 'gtp-bad-extension-length');
});

test('IP in IP: IPv4 and IPv6, inside IPv4 and IPv6', () => {
  expectInnerSip(eth(0x0800, ipv4({ ...OUTER4, proto: 4 }, INNER_UDP)), Tunnel.IPinIP);
  expectInnerTcp6(eth(0x0800, ipv4({ ...OUTER4, proto: 41 }, INNER_TCP6)), Tunnel.IPinIP);
  expectInnerSip(eth(0x86dd, ipv6({ ...OUTER6, nh: 4 }, INNER_UDP)), Tunnel.IPinIP);
  expectInnerTcp6(eth(0x86dd, ipv6({ ...OUTER6, nh: 41 }, INNER_TCP6)), Tunnel.IPinIP);
});

test('nested tunnels keep the outermost type; too deep nesting is malformed', () => {
  const vxInGre = eth(0x0800, ipv4({ ...OUTER4, proto: 47 }, [0, 0, 0x08, 0x00, ...ipv4({ proto: 17 }, udp(1, 4789, [8, 0, 0, 0, 0, 0, 1, 0, ...eth(0x0800, INNER_UDP)]))]));
  expectInnerSip(vxInGre, Tunnel.GRE);
  let deep = INNER_UDP;
  for (let i = 0; i < 12; i++) deep = ipv4({ proto: 4 }, deep);
  const dec = new Decoder();
  assert.equal(decodeOne(eth(0x0800, deep), 1, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(onlyProblem(dec), 'too-many-encapsulations');
});

test('Teredo: IPv6 in UDP 3544, with origin indication and authentication headers', () => {
  const teredo = (prefix: Bytes, inner: Bytes, sport = 3544, dport = 51000): Bytes => eth(0x0800, ipv4({ ...OUTER4, proto: 17 }, udp(sport, dport, [...prefix, ...inner])));
  expectInnerTcp6(teredo([], INNER_TCP6), Tunnel.Teredo);
  expectInnerTcp6(teredo([0, 0, ...u16(0xffff), ...u32(0xffffffff)], INNER_TCP6, 51000, 3544), Tunnel.Teredo);
  const auth = [0, 1, 2, 3, 0xaa, 0xbb, 1, 2, 3, ...Array(8).fill(0x77), 0];
  expectInnerTcp6(teredo([...auth, 0, 0, 1, 2, 3, 4, 5, 6], INNER_TCP6), Tunnel.Teredo);
  // Not IPv6 (bad version), or a length that does not fill the datagram: plain UDP.
  for (const bad of [[0x45, ...INNER_TCP6.slice(1)], [...INNER_TCP6, 0]]) {
    const r = decodeOne(teredo([], bad));
    assert.deepEqual([r.status, r.pkt.tunnel, r.pkt.proto, r.pkt.sport], [DecodeStatus.Ok, Tunnel.None, 17, 3544]);
  }
});

test('CAPWAP data: 802.11 (also byte-swapped frame control) and 802.3 inside; control stays UDP', () => {
  const capwap = (b2: number, b3: number, inner: Bytes): Bytes =>
    eth(0x0800, ipv4({ ...OUTER4, proto: 17 }, udp(12380, 5247, [0x00, 0x20, b2, b3, 0, 0, 0, 0, 1, 4, 0, 0, 0, 0, 0, 0, ...inner])));
  const wifi = (fc: Bytes): Bytes => [...fc, 0x2c, 0x00, ...Array(18).fill(2), 0, 0, ...hex('aaaa03000000'), ...u16(0x0800), ...INNER_UDP];
  // HLEN 4 words, WBID 1, T set.
  expectInnerSip(capwap(0x43, 0x20, wifi([0x08, 0x01])), Tunnel.CAPWAP);
  expectInnerSip(capwap(0x43, 0x20, wifi([0x01, 0x08])), Tunnel.CAPWAP);
  // T clear: an 802.3 frame.
  expectInnerSip(capwap(0x42, 0x00, eth(0x0800, INNER_UDP)), Tunnel.CAPWAP);
  // A probe request (management) inside: the outer CAPWAP UDP packet.
  const probe = decodeOne(capwap(0x43, 0x20, [0x40, 0x00, ...Array(30).fill(0)]));
  assert.deepEqual([probe.status, probe.pkt.tunnel, probe.pkt.dport, probe.pkt.proto], [DecodeStatus.Ok, Tunnel.None, 5247, 17]);
  assert.equal(formatAddr(4, probe.pkt.src), '172.16.0.1');
  // Keep-alive (K flag) and DTLS (preamble type 1) are left alone.
  assert.equal(decodeOne(capwap(0x43, 0x08, wifi([0x08, 0x01]))).pkt.tunnel, Tunnel.None);
  const dtls = eth(0x0800, ipv4({ ...OUTER4, proto: 17 }, udp(12380, 5247, [0x01, 0, 0, 0, 0x17, 0xfe, 0xff, 0, 0, 0])));
  assert.equal(decodeOne(dtls).pkt.tunnel, Tunnel.None);
  const dec = new Decoder();
  decodeOne(eth(0x0800, ipv4({ ...OUTER4, proto: 17 }, udp(1, 5247, [0, 0xf8, 0x43, 0, 0, 0, 0, 0]))), 1, {}, dec);
  assert.equal(onlyProblem(dec), 'truncated-capwap');
});
