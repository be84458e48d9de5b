import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus } from '../../lib/decode/packet.js';
import { decodeOne, eth, ext6, frag6, ipv4, ipv6, onlyProblem, tcp, udp, text, type Bytes } from './build.js';
import { formatAddr } from '../../lib/flow/flow.js';

function malformed(frame: Bytes, reason: string, linktype = 1, opts = {}): void {
  const dec = new Decoder();
  const { status } = decodeOne(frame, linktype, opts, dec);
  assert.equal(status, DecodeStatus.Malformed, reason);
  assert.equal(onlyProblem(dec), reason);
}

test('IPv4 addresses are host-order uint32 in word 0, other words 0', () => {
  const { pkt } = decodeOne(eth(0x0800, ipv4({ src: '255.1.2.3', dst: '128.0.0.9', proto: 6 }, tcp({}))));
  assert.equal(pkt.src[0], 0xff010203);
  assert.equal(pkt.dst[0], 0x80000009);
  assert.deepEqual([pkt.src[1], pkt.src[2], pkt.src[3], pkt.dst[1], pkt.dst[2], pkt.dst[3]], [0, 0, 0, 0, 0, 0]);
});

test('IPv6 addresses are four big-endian words', () => {
  const { pkt } = decodeOne(eth(0x86dd, ipv6({ src: 'fe80::1:2:3:4', dst: 'ff02::fb', nh: 17 }, udp(5353, 5353, []))));
  assert.deepEqual([...pkt.src], [0xfe800000, 0, 0x00010002, 0x00030004]);
  assert.deepEqual([...pkt.dst], [0xff020000, 0, 0, 0xfb]);
});

test('IPv4 options are skipped by IHL', () => {
  const opts = [0x94, 0x04, 0, 0, 0x01, 0x01, 0x01, 0x00]; // router alert, NOPs, end
  const { status, pkt, payload } = decodeOne(eth(0x0800, ipv4({ proto: 17, options: opts }, udp(68, 67, text('dhcp')))));
  assert.equal(status, DecodeStatus.Ok);
  assert.deepEqual([pkt.sport, pkt.dport], [68, 67]);
  assert.deepEqual(payload, text('dhcp'));
});

test('Ethernet trailer padding is not payload: the total length wins', () => {
  const frame = [...eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, text('ab')))), 0, 0, 0, 0, 0, 0];
  for (const noFastPath of [false, true]) {
    const { status, payload, pkt } = decodeOne(frame, 1, { noFastPath });
    assert.equal(status, DecodeStatus.Ok);
    assert.deepEqual(payload, text('ab'));
    assert.equal(pkt.wirelen, frame.length);
  }
  // Same for a port-less protocol: the payload stops at the total length.
  const igmp = decodeOne([...eth(0x0800, ipv4({ proto: 2 }, [0x16, 0, 0, 0, 224, 0, 0, 251])), 0, 0, 0, 0]);
  assert.equal(igmp.status, DecodeStatus.Ok);
  assert.equal(igmp.payload.length, 8);
});

test('IPv4 malformed reasons', () => {
  const good = ipv4({ proto: 6 }, tcp({}));
  malformed(eth(0x0800, ipv4({ proto: 6, ihl: 4 }, tcp({}))), 'ipv4-ihl-below-5');
  malformed(eth(0x0800, good.slice(0, 12)), 'truncated-ipv4');
  malformed(eth(0x0800, ipv4({ proto: 6, ihl: 8 }, [])), 'truncated-ipv4');
  malformed(eth(0x0800, ipv4({ proto: 6, totalLength: 500 }, tcp({}))), 'ipv4-total-length-beyond-frame');
  malformed(eth(0x0800, ipv4({ proto: 6, totalLength: 19 }, tcp({}))), 'ipv4-total-length-below-header');
  malformed(eth(0x0800, [0x65, ...good.slice(1)]), 'bad-ip-version');
  malformed(eth(0x0800, []), 'truncated-ipv4');
});

test('IPv4 total length 0 (segmentation offload, captured before the NIC split it): the datagram is the captured frame', () => {
  // As in nDPI's anydesk.pcapng; ndpiReader takes the captured length then too.
  const frame = eth(0x0800, ipv4({ proto: 6, totalLength: 0 }, tcp({ sport: 7070, dport: 54164 }, Array(3000).fill(0x17))));
  for (const noFastPath of [false, true]) {
    const { status, pkt, payload } = decodeOne(frame, 1, { noFastPath });
    assert.equal(status, DecodeStatus.Ok);
    assert.deepEqual([pkt.proto, pkt.sport, pkt.dport, payload.length, pkt.wirelen], [6, 7070, 54164, 3000, frame.length]);
  }
});

test('a snap-length cut is not malformed: lengths are clipped to what was captured', () => {
  const frame = eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, Array(200).fill(7))));
  const { status, pkt } = decodeOne(frame.slice(0, 60), 1, { wirelen: frame.length });
  assert.equal(status, DecodeStatus.Ok);
  assert.equal(pkt.dport, 2);
  assert.equal(pkt.payloadLen, 60 - 14 - 20 - 8);
  assert.equal(pkt.wirelen, frame.length);
});

test('IPv6 extension chain: hop-by-hop, routing, destination options, AH, then TCP', () => {
  const ah = [60, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, ...Array(12).fill(0xab)]; // (4+2)*4 = 24 bytes
  // Each header names the next: hop-by-hop → routing → AH → destination options → TCP.
  const pay = [...ext6(43, 1), ...ext6(51, 2), ...ah, ...ext6(6, 1), ...tcp({ sport: 1, dport: 22 }, text('ssh'))];
  const { status, pkt, payload } = decodeOne(eth(0x86dd, ipv6({ nh: 0 }, pay)));
  assert.equal(status, DecodeStatus.Ok);
  assert.deepEqual([pkt.proto, pkt.sport, pkt.dport], [6, 1, 22]);
  assert.deepEqual(payload, text('ssh'));
});

test('IPv6 atomic fragment (offset 0, no more) is a whole packet', () => {
  const { status, pkt } = decodeOne(eth(0x86dd, ipv6({ nh: 44 }, [...frag6(17, 0, false, 9), ...udp(1, 53, [1, 2])])));
  assert.equal(status, DecodeStatus.Ok);
  assert.deepEqual([pkt.proto, pkt.dport, pkt.frames], [17, 53, 1]);
});

test('IPv4 AH then UDP', () => {
  const ah = [17, 4, 0, 0, ...Array(20).fill(1)];
  const { status, pkt } = decodeOne(eth(0x0800, ipv4({ proto: 51 }, [...ah, ...udp(500, 500, [])])));
  assert.equal(status, DecodeStatus.Ok);
  assert.deepEqual([pkt.proto, pkt.dport], [17, 500]);
});

test('ESP and No Next Header are port-less', () => {
  const esp = decodeOne(eth(0x86dd, ipv6({ nh: 50 }, [0, 0, 1, 0, 0, 0, 0, 1, 9, 9])));
  assert.equal(esp.status, DecodeStatus.Ok);
  assert.deepEqual([esp.pkt.proto, esp.pkt.sport, esp.pkt.dport, esp.payload.length], [50, 0, 0, 10]);
  const none = decodeOne(eth(0x86dd, ipv6({ nh: 59 }, [])));
  assert.deepEqual([none.status, none.pkt.proto, none.pkt.payloadLen], [DecodeStatus.Ok, 59, 0]);
});

test('IPv6 malformed reasons', () => {
  const good = ipv6({ nh: 17 }, udp(1, 2, []));
  malformed(eth(0x86dd, good.slice(0, 30)), 'truncated-ipv6');
  malformed(eth(0x86dd, ipv6({ nh: 17, payloadLength: 100 }, udp(1, 2, []))), 'ipv6-payload-length-beyond-frame');
  malformed(eth(0x86dd, [0x40, ...good.slice(1)]), 'bad-ip-version');
  malformed(eth(0x86dd, ipv6({ nh: 60 }, [17, 3, 0, 0, 0, 0, 0, 0])), 'truncated-ipv6-extension');
  malformed(eth(0x86dd, ipv6({ nh: 44 }, [17, 0, 0])), 'truncated-ipv6-fragment');
  malformed(eth(0x86dd, ipv6({ nh: 51 }, [17, 4, 0, 0])), 'truncated-ah');
});

test('IPv4 in IPv6 fields come from the inner header', () => {
  const inner = ipv4({ src: '1.2.3.4', dst: '5.6.7.8', proto: 17 }, udp(9, 10, []));
  const { pkt } = decodeOne(eth(0x86dd, ipv6({ nh: 4 }, inner)));
  assert.equal(formatAddr(4, pkt.src), '1.2.3.4');
  assert.deepEqual([pkt.ipVersion, pkt.src[1], pkt.dst[3]], [4, 0, 0]);
});
