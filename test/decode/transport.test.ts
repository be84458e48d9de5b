import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, TCP_ACK, TCP_PSH } from '../../lib/decode/packet.js';
import { decodeOne, eth, ipv4, ipv6, onlyProblem, tcp, u16, udp, text, type Bytes } from './build.js';

const v4 = (proto: number, l4: Bytes, totalLength?: number): Bytes => eth(0x0800, ipv4({ proto, totalLength }, l4));
const v6 = (nh: number, l4: Bytes): Bytes => eth(0x86dd, ipv6({ nh }, l4));

function malformed(frame: Bytes, reason: string): void {
  const dec = new Decoder();
  assert.equal(decodeOne(frame, 1, {}, dec).status, DecodeStatus.Malformed, reason);
  assert.equal(onlyProblem(dec), reason);
}

test('TCP: ports, flags, seq, ack, payload after options', () => {
  const seg = tcp({ sport: 443, dport: 51000, seq: 0xfffffff0, ack: 0x80000001, flags: TCP_PSH | TCP_ACK, options: [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2] }, text('GET'));
  for (const frame of [v4(6, seg), v6(6, seg)]) {
    for (const noFastPath of [false, true]) {
      const { status, pkt, payload } = decodeOne(frame, 1, { noFastPath });
      assert.equal(status, DecodeStatus.Ok);
      assert.deepEqual([pkt.sport, pkt.dport, pkt.tcpSeq, pkt.tcpAck, pkt.tcpFlags], [443, 51000, 0xfffffff0, 0x80000001, 0x18]);
      assert.deepEqual(payload, text('GET'));
      assert.deepEqual([pkt.icmpType, pkt.icmpCode, pkt.icmpId, pkt.tunnel, pkt.vlanId, pkt.frames], [0, 0, 0, 0, 0, 1]);
    }
  }
});

test('UDP: payload trimmed to the UDP length', () => {
  const dgram = udp(53, 3333, [...text('abcd'), 9, 9, 9], 12);
  const { status, pkt, payload } = decodeOne(v4(17, dgram));
  assert.equal(status, DecodeStatus.Ok);
  assert.deepEqual([pkt.sport, pkt.dport, pkt.tcpFlags, pkt.tcpSeq], [53, 3333, 0, 0]);
  assert.deepEqual(payload, text('abcd'));
});

test('ICMP and ICMPv6: type, code, echo id; ports 0', () => {
  const echo = decodeOne(v4(1, [8, 0, 0, 0, ...u16(0x4242), ...u16(1), ...text('ping')]));
  assert.equal(echo.status, DecodeStatus.Ok);
  assert.deepEqual([echo.pkt.icmpType, echo.pkt.icmpCode, echo.pkt.icmpId, echo.pkt.sport, echo.pkt.dport], [8, 0, 0x4242, 0, 0]);
  assert.deepEqual(echo.payload, text('ping'));
  const reply = decodeOne(v4(1, [0, 0, 0, 0, ...u16(7), ...u16(1)]));
  assert.equal(reply.pkt.icmpId, 7);
  const unreach = decodeOne(v4(1, [3, 3, 0, 0, 0, 0, 0, 0, ...ipv4({ proto: 17 }, udp(1, 2, []))]));
  assert.deepEqual([unreach.pkt.icmpType, unreach.pkt.icmpCode, unreach.pkt.icmpId], [3, 3, 0]);
  const e6 = decodeOne(v6(58, [128, 0, 0, 0, ...u16(0x0102), ...u16(5)]));
  assert.deepEqual([e6.pkt.proto, e6.pkt.icmpType, e6.pkt.icmpId], [58, 128, 0x0102]);
  const r6 = decodeOne(v6(58, [129, 0, 0, 0, ...u16(0x0304), ...u16(5)]));
  assert.equal(r6.pkt.icmpId, 0x0304);
  const ns = decodeOne(v6(58, [135, 0, 0, 0, 0, 0, 0, 0, ...Array(16).fill(0)]));
  assert.deepEqual([ns.pkt.icmpType, ns.pkt.icmpId, ns.payload.length], [135, 0, 16]);
});

test('SCTP ports; IGMP and other protocols are port-less with the IP payload', () => {
  const sctp = decodeOne(v4(132, [...u16(2905), ...u16(2906), 0, 0, 0, 1, 0, 0, 0, 0, 1, 2]));
  assert.deepEqual([sctp.status, sctp.pkt.sport, sctp.pkt.dport], [DecodeStatus.Ok, 2905, 2906]);
  assert.deepEqual(sctp.payload, [1, 2]);
  const igmp = decodeOne(v4(2, [0x16, 0, 0, 0, 224, 0, 0, 251]));
  assert.deepEqual([igmp.status, igmp.pkt.proto, igmp.pkt.sport, igmp.pkt.dport], [DecodeStatus.Ok, 2, 0, 0]);
  assert.deepEqual(igmp.payload, [0x16, 0, 0, 0, 224, 0, 0, 251]);
  const ospf = decodeOne(v4(89, [2, 1, 0, 44]));
  assert.deepEqual([ospf.pkt.proto, ospf.payload.length], [89, 4]);
});

test('TCP data offset below 5: the packet counts, payload from the offset as written (as ndpiReader)', () => {
  // nDPI's kerberos_fuzz.pcapng and fuzz-2021-10-13.pcap carry such segments; ndpiReader
  // keeps them in their flow with the payload after min(4 * offset, segment length).
  for (const doff of [0, 4]) {
    const seg = tcp({ sport: 88, dport: 53646, seq: 7, flags: 0x18, doff }, text('krb'));
    for (const noFastPath of [false, true]) {
      const dec = new Decoder();
      const { status, pkt, payload } = decodeOne(v4(6, seg), 1, { noFastPath }, dec);
      assert.equal(status, DecodeStatus.Ok);
      assert.deepEqual([pkt.sport, pkt.dport, pkt.tcpSeq, pkt.tcpFlags], [88, 53646, 7, 0x18]);
      assert.deepEqual(payload, seg.slice(doff * 4));
      assert.deepEqual([...dec.problems], []);
    }
  }
});

test('UDP length field beyond the IP payload or below 8: the IP datagram decides (as ndpiReader)', () => {
  // nDPI's fuzz-2006-06-26-2594.pcap has such datagrams; ndpiReader counts them in their flow
  for (const ulen of [40, 7, 0]) {
    const dec = new Decoder();
    const { status, pkt, payload } = decodeOne(v4(17, udp(1, 2, text('xy'), ulen)), 1, {}, dec);
    assert.equal(status, DecodeStatus.Ok);
    assert.deepEqual([pkt.sport, pkt.dport, payload], [1, 2, text('xy')]);
    assert.deepEqual([...dec.problems], []);
  }
});

test('transport malformed reasons', () => {
  malformed(v4(6, tcp({}).slice(0, 19)), 'truncated-tcp');
  malformed(v4(6, tcp({ doff: 15 })), 'tcp-data-offset-beyond-frame');
  malformed(v4(17, [0, 1, 0, 2, 0]), 'truncated-udp');
  malformed(v4(1, [8, 0, 0, 0, 1]), 'truncated-icmp');
  malformed(v4(1, [3]), 'truncated-icmp');
  malformed(v6(58, [128, 0, 0]), 'truncated-icmpv6');
  malformed(v4(132, [0, 1, 0, 2]), 'truncated-sctp');
});

test('every field is reset between packets', () => {
  const dec = new Decoder();
  const first = decodeOne(eth(0x0800, ipv4({ proto: 6 }, tcp({ flags: 0x12, seq: 5, ack: 6 })), [33]), 1, {}, dec);
  assert.equal(first.pkt.vlanId, 33);
  const pkt = first.pkt;
  const buf = new Uint8Array(v4(1, [8, 0, 0, 0, 0, 9, 0, 1]));
  assert.equal(dec.decode(buf, 0, buf.length, buf.length, 1, 5, 6, pkt), DecodeStatus.Ok);
  assert.deepEqual([pkt.vlanId, pkt.tcpFlags, pkt.tcpSeq, pkt.tcpAck, pkt.sport, pkt.dport, pkt.icmpId, pkt.tsSec, pkt.tsNsec], [0, 0, 0, 0, 0, 0, 9, 5, 6]);
  const arp = new Uint8Array(eth(0x0806, Array(28).fill(0)));
  assert.equal(dec.decode(arp, 0, arp.length, arp.length, 1, 7, 0, pkt), DecodeStatus.NonIp);
  assert.deepEqual([pkt.ipVersion, pkt.proto, pkt.icmpType, pkt.icmpId, pkt.src[0], pkt.payloadLen], [0, 0, 0, 0, 0, 0]);
});
