import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../../lib/decode/packet.js';
import { eth, ext6, frag6, hex, ipv4, ipv6, le32, tcp, u32, udp, text, type Bytes } from './build.js';
import { xorshift32 as rng } from '../helpers/random.js';
import { LINK_TYPES } from '../../lib/decode/linktypes.js';

const LINKTYPES = LINK_TYPES.map((l) => l.id);

const V4 = ipv4({ proto: 6, options: [1, 1, 1, 0] }, tcp({ options: [2, 4, 5, 0xb4] }, text('payload')));
const V6 = ipv6({ nh: 0 }, [...ext6(60, 1), ...ext6(17, 1), ...udp(1, 2, text('x'))]);
const INNER = ipv4({ proto: 17 }, udp(5060, 5060, text('SIP')));
/** Valid frames of many shapes: [linktype, bytes]. */
const VALID: [number, Bytes][] = [
  [1, eth(0x0800, V4)],
  [1, eth(0x86dd, V6, [1, 2])],
  [1, eth(0x8847, [...u32(0x10140), ...V4])],
  [1, eth(0x8864, [0x11, 0, 0, 1, 0, 0, 0, 0x21, ...V4])],
  [1, eth(0x0800, ipv4({ proto: 47 }, [0x30, 0, 0x65, 0x58, 0, 0, 0, 1, 0, 0, 0, 2, ...eth(0x0800, INNER)]))],
  [1, eth(0x0800, ipv4({ proto: 47 }, [0x30, 0x81, 0x88, 0x0b, 0, 30, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xff, 0x03, 0, 0x21, ...INNER]))],
  [1, eth(0x0800, ipv4({ proto: 17 }, udp(1, 4789, [8, 0, 0, 0, 0, 0, 1, 0, ...eth(0x0800, INNER)])))],
  [1, eth(0x0800, ipv4({ proto: 17 }, udp(2152, 2152, [0x34, 0xff, 0, 40, 0, 0, 0, 1, 0, 0, 0, 0x85, 1, 0, 0, 0, ...INNER])))],
  [1, eth(0x0800, ipv4({ proto: 17 }, udp(3544, 1, [0, 0, 1, 2, 3, 4, 5, 6, ...ipv6({ nh: 59 }, [])])))],
  [1, eth(0x0800, ipv4({ proto: 17 }, udp(1, 5247, [0, 0x20, 0x43, 0x20, ...Array(12).fill(0), 0x08, 0x01, ...Array(22).fill(0), ...hex('aaaa03000000'), 8, 0, ...INNER])))],
  [1, eth(0x0800, ipv4({ proto: 4 }, INNER))],
  [1, eth(0x86dd, ipv6({ nh: 41 }, ipv6({ nh: 58 }, [128, 0, 0, 0, 0, 1, 0, 1])))],
  [1, eth(0x0800, ipv4({ proto: 1 }, [8, 0, 0, 0, 0, 1, 0, 1, 1, 2]))],
  [1, eth(0x86dd, ipv6({ nh: 58 }, [129, 0, 0, 0, 0, 1, 0, 1, 1, 2]), [3])],
  [1, eth(0x0800, ipv4({ proto: 132 }, [0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]))],
  [1, eth(0x0800, ipv4({ proto: 17, more: true }, udp(1, 2, Array(16).fill(3))))],
  [1, eth(0x86dd, ipv6({ nh: 44 }, [...frag6(17, 8, false, 5), 1, 2, 3, 4]))],
  [0, [...le32(2), ...V4]],
  [108, [...u32(30), ...V6]],
  [101, V4],
  [229, V6],
  [113, [0, 0, 0, 1, 0, 6, ...Array(8).fill(0), 8, 0, ...V4]],
  [276, [8, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, ...Array(8).fill(0), ...V4]],
  [9, [0xff, 3, 0, 0x21, ...V4]],
  [104, [0x0f, 0, 8, 0, ...V4]],
  [192, [0, 0, 8, 0, ...le32(1), ...eth(0x0800, V4)]],
  [105, [0x88, 0x02, 0, 0, ...Array(20).fill(0), 0, 0, ...hex('aaaa03000000'), 8, 0, ...V4]],
];

/** Everything a decode call produced, for comparisons. */
function snapshot(status: DecodeStatus, p: PacketInfo): string {
  const payload = [...p.payload.subarray(p.payloadOff, p.payloadOff + p.payloadLen)];
  return JSON.stringify([
    status, p.tsSec, p.tsNsec, p.wirelen, p.frames, p.ipVersion, [...p.src], [...p.dst], p.proto, p.sport, p.dport, p.vlanId,
    p.tunnel, p.tcpFlags, p.tcpSeq, p.tcpAck, p.icmpType, p.icmpCode, p.icmpId, p.payloadLen, payload,
  ]);
}

/**
 * Decode `frame` three times with different bytes after it (never part of the record) and
 * with and without the fast path: all results must agree, and nothing may throw.
 */
function check(frame: Uint8Array, linktype: number, decs: Decoder[], tail: () => number, wirelen = frame.length): string {
  const pkt = new PacketInfo();
  let first = '';
  for (let i = 0; i < decs.length; i++) {
    const buf = new Uint8Array(frame.length + 96);
    buf.set(frame, 32);
    for (let j = 0; j < 32; j++) buf[j] = tail() & 255;
    for (let j = 32 + frame.length; j < buf.length; j++) buf[j] = i === 0 ? 0 : i === 1 ? 0xff : tail() & 255;
    const status = decs[i].decode(buf, 32, frame.length, wirelen, linktype, 1, 2, pkt);
    assert.ok(status >= DecodeStatus.Ok && status <= DecodeStatus.NonIp);
    assert.ok(pkt.payloadOff >= 0 && pkt.payloadLen >= 0 && pkt.payloadOff + pkt.payloadLen <= pkt.payload.length);
    const snap = snapshot(status, pkt);
    if (i === 0) first = snap;
    else assert.equal(snap, first, `linktype ${linktype} frame ${Buffer.from(frame).toString('hex')} (decoder ${i})`);
  }
  return first;
}

function decoders(): Decoder[] {
  return [new Decoder(), new Decoder({ noFastPath: true }), new Decoder(), new Decoder({ noFastPath: true })];
}

test('valid frames decode Ok (sanity of the fuzz seeds)', () => {
  for (const [lt, frame] of VALID) {
    const r = JSON.parse(check(new Uint8Array(frame), lt, decoders(), rng(1)));
    assert.ok(r[0] === DecodeStatus.Ok || r[0] === DecodeStatus.Pending, `linktype ${lt}: status ${r[0]}`);
  }
});

test('every truncation of valid frames: no throw, no read past caplen, fast path agrees', () => {
  const next = rng(7);
  for (const [lt, frame] of VALID) {
    const decs = decoders();
    for (let n = 0; n <= frame.length; n++) {
      // As a malformed short frame, and as a snap-length cut of the full one.
      check(new Uint8Array(frame.slice(0, n)), lt, decs, next);
      check(new Uint8Array(frame.slice(0, n)), lt, decs, next, frame.length);
    }
  }
});

test('random mutations of valid frames (20k)', () => {
  const next = rng(12345);
  const decs = decoders();
  for (let k = 0; k < 20000; k++) {
    const [lt, frame] = VALID[next() % VALID.length];
    const f = new Uint8Array(frame);
    const flips = 1 + (next() % 4);
    for (let j = 0; j < flips; j++) f[next() % f.length] = next() & 255;
    check(f, lt, decs, next);
  }
});

test('random garbage for every link type and random link types (20k buffers)', () => {
  const next = rng(99);
  const decs = decoders();
  for (let k = 0; k < 20000; k++) {
    const len = next() % 200;
    const f = new Uint8Array(len);
    for (let j = 0; j < len; j++) f[j] = next() & 255;
    // Bias towards plausible first bytes so deeper layers get exercised.
    if (len > 0 && k % 3 === 0) f[0] = k % 2 ? 0x45 : 0x60;
    const lt = k % 17 === 0 ? next() % 300 : LINKTYPES[k % LINKTYPES.length];
    check(f, lt, decs, next);
  }
});

test('odd call arguments never throw', () => {
  const dec = new Decoder();
  const pkt = new PacketInfo();
  const buf = new Uint8Array(eth(0x0800, V4));
  for (const [off, caplen] of [[0, 0], [0, -5], [-3, 10], [buf.length, 10], [buf.length + 50, 10], [10, 1e9], [0, NaN]]) {
    for (const lt of [...LINKTYPES, -1, 1e9]) {
      const st = dec.decode(buf, off, caplen, 100, lt, 0, 0, pkt);
      assert.ok(st >= DecodeStatus.Ok && st <= DecodeStatus.NonIp);
    }
  }
  assert.equal(dec.decode(new Uint8Array(0), 0, 0, 0, 1, 0, 0, pkt), DecodeStatus.Malformed);
});
