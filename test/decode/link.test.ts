import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus } from '../../lib/decode/packet.js';
import { decodeOne, eth, hex, ipv4, ipv6, le32, onlyProblem, tcp, u16, u32, udp, text, type Bytes } from './build.js';
import { formatAddr } from '../../lib/flow/flow.js';
import { FastLink, LINK_TYPES, linkType, linkTypeName } from '../../lib/decode/linktypes.js';
import { linktypeName } from '../../lib/report/linktypes.js';

const V4_TCP = ipv4({ src: '192.0.2.1', dst: '198.51.100.7', proto: 6 }, tcp({ sport: 1234, dport: 443, flags: 0x12 }, text('hi')));
const V6_UDP = ipv6({ src: '2001:db8::a', dst: '2001:db8::b', nh: 17 }, udp(5353, 53, text('dns?')));

function checkV4(frame: Bytes, linktype: number): void {
  const { status, pkt, payload } = decodeOne(frame, linktype);
  assert.equal(status, DecodeStatus.Ok, `linktype ${linktype}`);
  assert.equal(pkt.ipVersion, 4);
  assert.equal(formatAddr(4, pkt.src), '192.0.2.1');
  assert.equal(formatAddr(4, pkt.dst), '198.51.100.7');
  assert.deepEqual([pkt.proto, pkt.sport, pkt.dport, pkt.tcpFlags], [6, 1234, 443, 0x12]);
  assert.deepEqual(payload, text('hi'));
}

function checkV6(frame: Bytes, linktype: number): void {
  const { status, pkt, payload } = decodeOne(frame, linktype);
  assert.equal(status, DecodeStatus.Ok, `linktype ${linktype}`);
  assert.equal(pkt.ipVersion, 6);
  assert.equal(formatAddr(6, pkt.src), '2001:db8::a');
  assert.equal(formatAddr(6, pkt.dst), '2001:db8::b');
  assert.deepEqual([pkt.proto, pkt.sport, pkt.dport], [17, 5353, 53]);
  assert.deepEqual(payload, text('dns?'));
}

test('EN10MB (1)', () => {
  checkV4(eth(0x0800, V4_TCP), 1);
  checkV6(eth(0x86dd, V6_UDP), 1);
});

test('NULL (0) and LOOP (108): address family in either byte order', () => {
  for (const lt of [0, 108]) {
    checkV4([...le32(2), ...V4_TCP], lt);
    checkV4([...u32(2), ...V4_TCP], lt);
    for (const af of [24, 28, 30]) {
      checkV6([...le32(af), ...V6_UDP], lt);
      checkV6([...u32(af), ...V6_UDP], lt);
    }
  }
  // An unknown address family goes by the IP version nibble that follows (ndpiReader takes
  // anything but AF_INET as IPv6; nDPI's fuzz-2021-10-13.pcap); anything else is not IP.
  checkV4([...le32(7), ...V4_TCP], 0);
  checkV6([...u32(0x40000000), ...V6_UDP], 0);
  const dec = new Decoder();
  assert.equal(decodeOne([...le32(7), 0x21, ...V4_TCP], 0, {}, dec).status, DecodeStatus.NonIp);
  assert.equal(dec.nonIp, 1);
  assert.equal(decodeOne([2, 0], 0, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(onlyProblem(dec), 'truncated-loopback');
});

test('RAW (101, 12, 14), IPV4 (228), IPV6 (229)', () => {
  for (const lt of [101, 12, 14]) {
    checkV4(V4_TCP, lt);
    checkV6(V6_UDP, lt);
  }
  checkV4(V4_TCP, 228);
  checkV6(V6_UDP, 229);
  const dec = new Decoder();
  assert.equal(decodeOne([0x50, ...V4_TCP.slice(1)], 101, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne(V6_UDP, 228, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne(V4_TCP, 229, {}, dec).status, DecodeStatus.Malformed);
  assert.deepEqual([...dec.problems], [['bad-ip-version', 3]]);
});

test('LINUX_SLL (113) and LINUX_SLL2 (276)', () => {
  const sll = (proto: number, hatype = 1): Bytes => [...u16(0), ...u16(hatype), ...u16(6), ...hex('001122334455'), 0, 0, ...u16(proto)];
  checkV4([...sll(0x0800), ...V4_TCP], 113);
  checkV6([...sll(0x86dd), ...V6_UDP], 113);
  // A VLAN tag left in the payload.
  const tagged = decodeOne([...sll(0x8100), ...u16(42), ...u16(0x0800), ...V4_TCP], 113);
  assert.equal(tagged.status, DecodeStatus.Ok);
  assert.equal(tagged.pkt.vlanId, 42);
  assert.equal(decodeOne([...sll(0x0806), 0, 1, 8, 0], 113).status, DecodeStatus.NonIp);
  assert.equal(decodeOne([...sll(0x0800, 824), ...V4_TCP], 113).status, DecodeStatus.NonIp);
  const sll2 = (proto: number): Bytes => [...u16(proto), 0, 0, ...u32(3), ...u16(1), 0, 6, ...hex('0011223344550000')];
  checkV4([...sll2(0x0800), ...V4_TCP], 276);
  checkV6([...sll2(0x86dd), ...V6_UDP], 276);
  const dec = new Decoder();
  decodeOne(sll(0x0800).slice(0, 10), 113, {}, dec);
  decodeOne(sll2(0x0800).slice(0, 10), 276, {}, dec);
  assert.deepEqual([...dec.problems.keys()].sort(), ['truncated-linux-sll', 'truncated-linux-sll2']);
});

test('PPP (9) and PPP_HDLC (50): with and without FF 03, compressed protocol', () => {
  checkV4([0xff, 0x03, ...u16(0x21), ...V4_TCP], 9);
  checkV4([...u16(0x21), ...V4_TCP], 9);
  checkV4([0x21, ...V4_TCP], 9);
  checkV6([0xff, 0x03, ...u16(0x57), ...V6_UDP], 9);
  checkV4([0xff, 0x03, ...u16(0x21), ...V4_TCP], 50);
  // Cisco HDLC framing under DLT 50, and under DLT 9 (nDPI's BGP_Cisco_hdlc_slarp.pcap)
  checkV4([0x0f, 0x00, ...u16(0x0800), ...V4_TCP], 50);
  checkV4([0x0f, 0x00, ...u16(0x0800), ...V4_TCP], 9);
  checkV6([0x8f, 0x00, ...u16(0x86dd), ...V6_UDP], 9);
  // SLARP (0x8035) keepalives in Cisco HDLC are not IP
  assert.equal(decodeOne([0x8f, 0x00, ...u16(0x8035), ...Array(18).fill(0)], 9).status, DecodeStatus.NonIp);
  assert.equal(decodeOne([0xff, 0x03, ...u16(0xc021), 1, 1, 0, 4], 9).status, DecodeStatus.NonIp);
  // Cisco HDLC frames labelled DLT_PPP (as in BGP_Cisco_hdlc_slarp.pcap); SLARP is not IP.
  checkV4([0x0f, 0x00, ...u16(0x0800), ...V4_TCP], 9);
  checkV6([0x8f, 0x00, ...u16(0x86dd), ...V6_UDP], 9);
  assert.equal(decodeOne([0x8f, 0x00, ...u16(0x8035), 0, 0, 0, 0], 9).status, DecodeStatus.NonIp);
});

test('C_HDLC (104)', () => {
  checkV4([0x0f, 0x00, ...u16(0x0800), ...V4_TCP], 104);
  checkV6([0x8f, 0x00, ...u16(0x86dd), ...V6_UDP], 104);
  // MPLS inside Cisco HDLC (as in BGP_redist.pcap).
  checkV4([0x0f, 0x00, ...u16(0x8847), ...u32((16 << 12) | 0x100 | 64), ...V4_TCP], 104);
  assert.equal(decodeOne([0x8f, 0x00, ...u16(0x8035), 0, 0, 0, 0], 104).status, DecodeStatus.NonIp);
});

test('PPI (192) around Ethernet; other inner DLTs are skipped', () => {
  const ppi = (dlt: number, extra: Bytes = []): Bytes => [0, 0, 8 + extra.length, 0, ...le32(dlt), ...extra];
  checkV4([...ppi(1), ...eth(0x0800, V4_TCP)], 192);
  checkV4([...ppi(1, [2, 0, 4, 0, 1, 2, 3, 4]), ...eth(0x0800, V4_TCP)], 192);
  const dec = new Decoder();
  assert.equal(decodeOne([...ppi(147), 1, 2, 3, 4], 192, {}, dec).status, DecodeStatus.Skipped);
  assert.deepEqual([...dec.skippedLinktypes], [[147, 1]]);
  assert.equal(decodeOne([0, 0, 200, 0, ...le32(1)], 192, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(onlyProblem(dec), 'ppi-length-beyond-frame');
});

test('802.11 (105): data frame with LLC/SNAP; management frames are not IP', () => {
  const hdr = [0x08, 0x01, 0, 0, ...Array(18).fill(1), 0, 0];
  checkV4([...hdr, ...hex('aaaa03000000'), ...u16(0x0800), ...V4_TCP], 105);
  assert.equal(decodeOne([0x40, 0x00, ...Array(30).fill(0)], 105).status, DecodeStatus.NonIp);
});

test('unsupported link types are counted per link type', () => {
  const dec = new Decoder();
  decodeOne(V4_TCP, 147, {}, dec);
  decodeOne(V4_TCP, 147, {}, dec);
  decodeOne(V4_TCP, 148, {}, dec);
  assert.deepEqual([...dec.skippedLinktypes].sort(), [[147, 2], [148, 1]]);
  assert.equal(dec.problems.size, 0);
  assert.equal(linkTypeName(147), 'LINKTYPE_147');
});

test('one table names and decodes every link type: the report names what the decoder reads', () => {
  assert.equal(new Set(LINK_TYPES.map((l) => l.id)).size, LINK_TYPES.length);
  for (const l of LINK_TYPES) {
    assert.equal(linktypeName(l.id), l.name);
    assert.equal(linkType(l.id), l);
    // Every listed link type reaches its decoder: never skipped, even on an empty record.
    const dec = new Decoder();
    assert.notEqual(decodeOne([], l.id, {}, dec).status, DecodeStatus.Skipped, l.name);
    assert.equal(dec.skippedLinktypes.size, 0);
  }
  assert.deepEqual(
    LINK_TYPES.filter((l) => l.fast !== FastLink.None).map((l) => l.name),
    ['EN10MB', 'RAW', 'RAW', 'RAW', 'LINUX_SLL', 'IPV4', 'IPV6', 'LINUX_SLL2'],
  );
});

/** An NFLOG record: header (family, version 0, resource id), then TLVs padded to 4 bytes. */
function nflogRecord(family: number, tlvs: [number, Bytes][], le = true): Bytes {
  const out: Bytes = [family, 0, ...u16(7)];
  for (const [type, value] of tlvs) {
    const len = 4 + value.length;
    out.push(...(le ? [len & 255, len >> 8, type & 255, type >> 8] : [...u16(len), ...u16(type)]), ...value);
    while (out.length % 4 !== 0) out.push(0);
  }
  return out;
}

test('NFLOG (239): the NFULA_PAYLOAD attribute is the IP datagram, the family says which IP', () => {
  // NFULA_PACKET_HDR (1: hw protocol, hook), NFULA_PREFIX (10, odd length: padded), payload.
  const pre: [number, Bytes][] = [
    [1, [0x08, 0x00, 3, 0]],
    [10, text('fw-drop\0')],
  ];
  checkV4(nflogRecord(2, [...pre, [9, V4_TCP]]), 239);
  checkV6(nflogRecord(10, [...pre, [9, V6_UDP]]), 239);
  // Big-endian TLV fields (a big-endian capturing host), and the nested/byte-order flag bits.
  checkV4(nflogRecord(2, [[1, [8, 0, 3, 0]], [9, V4_TCP]], false), 239);
  checkV4(nflogRecord(2, [[0x8000 | 1, [8, 0, 3, 0]], [9, V4_TCP]]), 239);
  // Odd-length attributes before the payload keep it 4-byte aligned.
  checkV4(nflogRecord(2, [[10, text('x')], [11, [1, 2, 3, 4, 5]], [9, V4_TCP]]), 239);
  // No payload attribute, or a family that is not IP: not IP.
  assert.equal(decodeOne(nflogRecord(2, pre), 239).status, DecodeStatus.NonIp);
  assert.equal(decodeOne(nflogRecord(7, [[9, V4_TCP]]), 239).status, DecodeStatus.NonIp);
  // A snap-length cut inside the payload keeps what was captured.
  const whole = nflogRecord(2, [[9, V4_TCP]]);
  // (the payload attribute is 46 bytes, padded to 48: 3 bytes less cuts into the datagram)
  const cut = decodeOne(whole.slice(0, whole.length - 3), 239, { wirelen: whole.length });
  assert.equal(cut.status, DecodeStatus.Ok);
  assert.deepEqual([cut.pkt.sport, cut.pkt.dport], [1234, 443]);
  const dec = new Decoder();
  assert.equal(decodeOne([2, 0, 0], 239, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne([...whole.slice(0, 4), 2, 0, 9, 0], 239, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne(whole.slice(0, whole.length - 3), 239, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne([...whole.slice(0, 4), 8, 0], 239, {}, dec).status, DecodeStatus.Malformed);
  assert.deepEqual([...dec.problems].sort(), [['nflog-bad-tlv-length', 2], ['truncated-nflog', 2]]);
});

test('IEEE802_11_RADIOTAP (127): header length, extended bitmaps, FCS flag', () => {
  const wifiV4 = [0x08, 0x01, 0, 0, ...Array(18).fill(1), 0, 0, ...hex('aaaa03000000'), ...u16(0x0800), ...V4_TCP];
  // present: flags only (bit 1); flags 0.
  checkV4([0, 0, 9, 0, ...le32(2), 0, ...wifiV4], 127);
  // TSFT + flags with FCS (the 4 FCS bytes are not IP), and a second present word.
  const fcs = [0, 0, 28, 0, ...le32(0x80000003), ...le32(0), ...le32(0), ...Array(8).fill(9), 0x10, 0, 0, 0];
  checkV4([...fcs, ...wifiV4, 0xde, 0xad, 0xbe, 0xef], 127);
  // With an IPv4 total length of 0 (segmentation offload) the datagram ends where the frame
  // does: the FCS must not become payload.
  const tso = ipv4({ src: '192.0.2.1', dst: '198.51.100.7', proto: 6, totalLength: 0 }, tcp({ sport: 1234, dport: 443, flags: 0x12 }, text('hi')));
  checkV4([...fcs, ...wifiV4.slice(0, -V4_TCP.length), ...tso, 0xde, 0xad, 0xbe, 0xef], 127);
  // Nothing announced: the frame follows the 8 bytes.
  checkV4([0, 0, 8, 0, ...le32(0), ...wifiV4], 127);
  const dec = new Decoder();
  assert.equal(decodeOne([0, 0, 9, 0, ...le32(2), 0x40, ...wifiV4], 127, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne([0, 0, 200, 0, ...le32(0), ...wifiV4], 127, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne([1, 0, 8, 0, ...le32(0), ...wifiV4], 127, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne([0, 0, 12, 0, ...le32(0x80000000), ...le32(0x80000000), ...wifiV4], 127, {}, dec).status, DecodeStatus.Malformed);
  assert.equal(decodeOne([0, 0, 8, 0], 127, {}, dec).status, DecodeStatus.Malformed);
  assert.deepEqual([...dec.problems].sort(), [['ieee80211-bad-fcs', 1], ['radiotap-bad-header', 3], ['truncated-radiotap', 1]]);
});
