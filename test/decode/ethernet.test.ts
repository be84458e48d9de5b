import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus } from '../../lib/decode/packet.js';
import { decodeOne, eth, hex, ipv4, ipv6, onlyProblem, tcp, u16, u32, udp, text, type Bytes } from './build.js';
import { formatAddr } from '../../lib/flow/flow.js';

const V4_UDP = ipv4({ src: '10.1.1.1', dst: '10.2.2.2', proto: 17 }, udp(1000, 53, text('q')));
const mplsLabel = (label: number, bottom: boolean): Bytes => u32((label << 12) | (bottom ? 0x100 : 0) | 64);

test('802.1Q: the vlan id is the low 12 bits of the tag', () => {
  const { status, pkt } = decodeOne(eth(0x0800, V4_UDP, [0xe000 | 785]));
  assert.equal(status, DecodeStatus.Ok);
  assert.equal(pkt.vlanId, 785);
  assert.equal(pkt.dport, 53);
});

test('QinQ (802.1ad outer, 802.1Q inner) and triple tags keep the innermost id', () => {
  assert.equal(decodeOne(eth(0x0800, V4_UDP, [100, 200])).pkt.vlanId, 200);
  assert.equal(decodeOne(eth(0x0800, V4_UDP, [100, 200, 300])).pkt.vlanId, 300);
  // Old 0x9100 outer tag.
  const old = [...hex('66778899aabb001122334455'), ...u16(0x9100), ...u16(7), ...u16(0x8100), ...u16(8), ...u16(0x0800), ...V4_UDP];
  assert.equal(decodeOne(old).pkt.vlanId, 8);
  const dec = new Decoder();
  assert.equal(decodeOne(eth(0x8100, [0, 5]), 1, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(onlyProblem(dec), 'truncated-vlan');
});

test('MPLS label stacks lead to IPv4 or IPv6 by the version nibble', () => {
  const one = decodeOne(eth(0x8847, [...mplsLabel(100, true), ...V4_UDP]));
  assert.equal(one.status, DecodeStatus.Ok);
  assert.equal(formatAddr(4, one.pkt.dst), '10.2.2.2');
  const v6 = ipv6({ nh: 6 }, tcp({ dport: 179 }));
  const three = decodeOne(eth(0x8847, [...mplsLabel(1, false), ...mplsLabel(2, false), ...mplsLabel(3, true), ...v6]));
  assert.equal(three.status, DecodeStatus.Ok);
  assert.deepEqual([three.pkt.ipVersion, three.pkt.dport], [6, 179]);
  // Pseudowire control word then Ethernet.
  const pw = decodeOne(eth(0x8847, [...mplsLabel(5, true), 0, 0, 0, 0, ...eth(0x0800, V4_UDP, [9])]));
  assert.equal(pw.status, DecodeStatus.Ok);
  assert.equal(pw.pkt.vlanId, 9);
  const dec = new Decoder();
  assert.equal(decodeOne(eth(0x8847, [...mplsLabel(1, false), ...mplsLabel(2, false)]), 1, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(onlyProblem(dec), 'truncated-mpls');
});

test('PPPoE session with PPP IPv4 and IPv6; control protocols are not IP', () => {
  const pppoe = (proto: number, payload: Bytes): Bytes => [0x11, 0x00, ...u16(0x1234), ...u16(payload.length + 2), ...u16(proto), ...payload];
  const v4 = decodeOne(eth(0x8864, pppoe(0x21, V4_UDP), [785]));
  assert.equal(v4.status, DecodeStatus.Ok);
  assert.deepEqual([v4.pkt.vlanId, v4.pkt.sport, v4.pkt.dport], [785, 1000, 53]);
  const v6 = decodeOne(eth(0x8864, pppoe(0x57, ipv6({ nh: 17 }, udp(1, 2, [])))));
  assert.equal(v6.status, DecodeStatus.Ok);
  assert.equal(v6.pkt.ipVersion, 6);
  assert.equal(decodeOne(eth(0x8864, pppoe(0xc021, [1, 1, 0, 4]))).status, DecodeStatus.NonIp);
  assert.equal(decodeOne(eth(0x8863, [0x11, 0x09, 0, 0, 0, 0])).status, DecodeStatus.NonIp);
  const dec = new Decoder();
  decodeOne(eth(0x8864, [0x11, 0x00, 0, 1]), 1, {}, dec);
  decodeOne(eth(0x8864, [0x22, 0x00, 0, 1, 0, 0, 0, 0x21]), 1, {}, dec);
  assert.deepEqual([...dec.problems.keys()].sort(), ['pppoe-bad-header', 'truncated-pppoe']);
});

test('non-IP frames: ARP, LLDP, 802.3 + LLC (STP) count as nonIp; LLC/SNAP IP decodes', () => {
  const dec = new Decoder();
  assert.equal(decodeOne(eth(0x0806, Array(28).fill(0)), 1, {}, dec).status, DecodeStatus.NonIp);
  assert.equal(decodeOne(eth(0x88cc, Array(20).fill(0)), 1, {}, dec).status, DecodeStatus.NonIp);
  const stp = [...hex('0180c2000000001122334455'), ...u16(38), 0x42, 0x42, 0x03, ...Array(35).fill(0)];
  assert.equal(decodeOne(stp, 1, {}, dec).status, DecodeStatus.NonIp);
  assert.equal(dec.nonIp, 3);
  assert.equal(dec.problems.size, 0);
  const snap = [...hex('66778899aabb001122334455'), ...u16(8 + V4_UDP.length), ...hex('aaaa03000000'), ...u16(0x0800), ...V4_UDP];
  assert.equal(decodeOne(snap).status, DecodeStatus.Ok);
});

test('truncated Ethernet header', () => {
  const dec = new Decoder();
  assert.equal(decodeOne(hex('66778899aabb0011223344'), 1, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(onlyProblem(dec), 'truncated-ethernet');
});

test('deep nesting is bounded: Ethernet over MPLS over Ethernet …, thousands of VLAN tags', () => {
  let frame = eth(0x0800, V4_UDP);
  for (let i = 0; i < 2000; i++) frame = eth(0x8847, [...mplsLabel(i, true), 0, 0, 0, 0, ...frame]);
  const dec = new Decoder();
  assert.equal(decodeOne(frame, 1, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(onlyProblem(dec), 'too-many-encapsulations');
  const tags = Array.from({ length: 5000 }, (_, i) => i & 0xfff);
  const many = decodeOne(eth(0x0800, V4_UDP, tags));
  assert.equal(many.status, DecodeStatus.Ok);
  assert.equal(many.pkt.vlanId, 4999 & 0xfff);
});
