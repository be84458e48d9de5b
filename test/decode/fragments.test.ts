import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder, type DecoderOptions } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo, Tunnel } from '../../lib/decode/packet.js';
import { eth, frag6, ipv4, ipv6, udp, type Bytes } from './build.js';

/** A UDP datagram of `n` payload bytes with a recognisable pattern. */
function datagram(n: number, sport = 5353): Bytes {
  const pay: Bytes = [];
  for (let i = 0; i < n; i++) pay.push((i * 7 + 3) & 255);
  return udp(sport, 53, pay);
}

/** Split an IP payload into IPv4 fragments of `size` bytes (multiple of 8). */
function frags4(l4: Bytes, size: number, id = 0x1111, src = '10.0.0.1', proto = 17): Bytes[] {
  const out: Bytes[] = [];
  for (let off = 0; off < l4.length; off += size) {
    out.push(eth(0x0800, ipv4({ src, proto, id, fragOff: off, more: off + size < l4.length }, l4.slice(off, off + size))));
  }
  return out;
}

function frags6(l4: Bytes, size: number, id = 0x22223333): Bytes[] {
  const out: Bytes[] = [];
  for (let off = 0; off < l4.length; off += size) {
    out.push(eth(0x86dd, ipv6({ nh: 44 }, [...frag6(17, off, off + size < l4.length, id), ...l4.slice(off, off + size)])));
  }
  return out;
}

interface Run {
  statuses: DecodeStatus[];
  pkt: PacketInfo;
  dec: Decoder;
}

function run(frames: Bytes[], opts: DecoderOptions = {}, times?: number[], dec = new Decoder(opts)): Run {
  const pkt = new PacketInfo();
  const statuses = frames.map((f, i) => {
    const buf = new Uint8Array([0xee, ...f, 0xee]);
    return dec.decode(buf, 1, f.length, f.length, 1, times ? times[i] : 100, 0, pkt);
  });
  return { statuses, pkt, dec };
}

function payloadOf(pkt: PacketInfo): Bytes {
  return [...pkt.payload.subarray(pkt.payloadOff, pkt.payloadOff + pkt.payloadLen)];
}

function expectWhole(r: Run, l4: Bytes, frames: Bytes[]): void {
  assert.deepEqual(r.statuses.slice(0, -1), Array(frames.length - 1).fill(DecodeStatus.Pending));
  assert.equal(r.statuses[r.statuses.length - 1], DecodeStatus.Ok);
  assert.deepEqual([r.pkt.proto, r.pkt.sport, r.pkt.dport], [17, 5353, 53]);
  assert.equal(r.pkt.frames, frames.length);
  assert.equal(r.pkt.wirelen, frames.reduce((a, f) => a + f.length, 0));
  assert.deepEqual(payloadOf(r.pkt), l4.slice(8));
  assert.equal(r.dec.fragStats.reassembled, 1);
  assert.equal(r.dec.fragPending, 0);
}

for (const [name, split] of [
  ['IPv4', frags4],
  ['IPv6', frags6],
] as const) {
  test(`${name} fragments in order`, () => {
    const l4 = datagram(3000);
    const f = split(l4, 1200);
    expectWhole(run(f), l4, f);
  });

  test(`${name} fragments reversed and shuffled`, () => {
    const l4 = datagram(3992);
    const f = split(l4, 800);
    expectWhole(run([...f].reverse()), l4, f);
    const shuffled = [f[2], f[0], f[4], f[1], f[3]];
    expectWhole(run(shuffled), l4, f);
  });

  test(`${name} duplicate fragments are harmless`, () => {
    const l4 = datagram(1992);
    const f = split(l4, 1000);
    const r = run([f[0], f[0], f[1]]);
    assert.deepEqual(r.statuses, [DecodeStatus.Pending, DecodeStatus.Pending, DecodeStatus.Ok]);
    assert.deepEqual(payloadOf(r.pkt), l4.slice(8));
    assert.equal(r.pkt.frames, 3);
    assert.equal(r.dec.fragStats.overlaps, 1);
  });
}

test('overlapping IPv4 fragments: the datagram is kept, bytes received first win', () => {
  const l4 = datagram(64);
  const a = eth(0x0800, ipv4({ proto: 17, fragOff: 0, more: true }, l4.slice(0, 48)));
  // Overlaps bytes 32..47 with different contents, then carries the end.
  const tamper = l4.slice(32).map((x, i) => (i < 16 ? 0xff : x));
  const b = eth(0x0800, ipv4({ proto: 17, fragOff: 32, more: false }, tamper));
  const r = run([a, b]);
  assert.deepEqual(r.statuses, [DecodeStatus.Pending, DecodeStatus.Ok]);
  assert.deepEqual(payloadOf(r.pkt), l4.slice(8));
  assert.equal(r.dec.fragStats.overlaps, 1);
  // A middle fragment that covers a gap and overlaps both neighbours.
  const c = eth(0x0800, ipv4({ proto: 17, id: 2, fragOff: 0, more: true }, l4.slice(0, 16)));
  const d = eth(0x0800, ipv4({ proto: 17, id: 2, fragOff: 40, more: false }, l4.slice(40)));
  const e = eth(0x0800, ipv4({ proto: 17, id: 2, fragOff: 8, more: true }, l4.slice(8, 48)));
  const r2 = run([c, d, e]);
  assert.deepEqual(r2.statuses, [DecodeStatus.Pending, DecodeStatus.Pending, DecodeStatus.Ok]);
  assert.deepEqual(payloadOf(r2.pkt), l4.slice(8));
});

/** One IPv6 fragment of `l4` covering [from, to). */
function frag6At(l4: Bytes, from: number, to: number, more: boolean, id = 0x22223333, bytes = l4.slice(from, to)): Bytes {
  return eth(0x86dd, ipv6({ nh: 44 }, [...frag6(17, from, more, id), ...bytes]));
}

test('overlapping IPv6 fragments drop the datagram and its later fragments (RFC 5722)', () => {
  const l4 = datagram(64);
  // [0,48) then [32,72): a partial overlap, even with the same bytes.
  const r = run([frag6At(l4, 0, 48, true), frag6At(l4, 32, 72, false)]);
  assert.deepEqual(r.statuses, [DecodeStatus.Pending, DecodeStatus.Malformed]);
  assert.deepEqual([...r.dec.problems], [['ipv6-fragment-overlap', 1]]);
  assert.equal(r.dec.fragStats.reassembled, 0);
  assert.equal(r.dec.fragPending, 0);
  // The fragments still to come are refused too, although they would now complete a datagram.
  const later = run([frag6At(l4, 0, 32, true), frag6At(l4, 32, 72, false)], {}, [100, 101], r.dec);
  assert.deepEqual(later.statuses, [DecodeStatus.Malformed, DecodeStatus.Malformed]);
  assert.equal(r.dec.problems.get('ipv6-fragment-overlap'), 3);
  // Once the reassembly timeout has passed, the same id starts a new datagram.
  const after = run([frag6At(l4, 0, 32, true), frag6At(l4, 32, 72, false)], {}, [131, 131], r.dec);
  assert.deepEqual(after.statuses, [DecodeStatus.Pending, DecodeStatus.Ok]);
  assert.deepEqual(payloadOf(after.pkt), l4.slice(8));
  // Another datagram (id) is not affected by the drop.
  const other = run([frag6At(l4, 0, 48, true, 5), frag6At(l4, 48, 72, false, 5)], {}, [100, 100], r.dec);
  assert.deepEqual(other.statuses, [DecodeStatus.Pending, DecodeStatus.Ok]);
});

test('an IPv6 fragment wholly inside bytes already received is a duplicate, ignored (as Linux does)', () => {
  const l4 = datagram(64);
  // [0,16) and [16,48) received; [8,40) lies inside them (with other bytes: the first win).
  const inside = frag6At(l4, 8, 40, true, 0x22223333, Array(32).fill(0xff));
  const r = run([frag6At(l4, 0, 16, true), frag6At(l4, 16, 48, true), inside, frag6At(l4, 48, 72, false)]);
  assert.deepEqual(r.statuses, [DecodeStatus.Pending, DecodeStatus.Pending, DecodeStatus.Pending, DecodeStatus.Ok]);
  assert.deepEqual(payloadOf(r.pkt), l4.slice(8));
  assert.equal(r.dec.fragStats.overlaps, 1);
  assert.equal(r.dec.problems.size, 0);
  // A duplicate last fragment still says where the datagram ends.
  const r2 = run([frag6At(l4, 0, 72, true), frag6At(l4, 48, 72, false)]);
  assert.deepEqual(r2.statuses, [DecodeStatus.Pending, DecodeStatus.Ok]);
  assert.deepEqual(payloadOf(r2.pkt), l4.slice(8));
});

test('fragments of different datagrams (id, source) do not mix', () => {
  const l1 = datagram(1592, 1111);
  const l2 = datagram(1592, 2222);
  const a = frags4(l1, 800, 7);
  const b = frags4(l2, 800, 8);
  const c = frags4(l1, 800, 7, '10.9.9.9');
  const r = run([a[0], b[0], c[1], a[1]]);
  assert.deepEqual(r.statuses, [DecodeStatus.Pending, DecodeStatus.Pending, DecodeStatus.Pending, DecodeStatus.Ok]);
  assert.equal(r.pkt.sport, 1111);
  assert.equal(r.dec.fragPending, 2);
});

test('incomplete datagrams time out in packet time', () => {
  const l4 = datagram(1592);
  const f = frags4(l4, 800);
  const dec = new Decoder({ fragTimeoutSec: 30 });
  run([f[0]], {}, [100], dec);
  // Still within the timeout: completes.
  const ok = run([f[1]], {}, [129], dec);
  assert.deepEqual(ok.statuses, [DecodeStatus.Ok]);
  run([f[0]], {}, [200], dec);
  // An unrelated packet later than the timeout expires it.
  run([eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, [])))], {}, [231], dec);
  assert.equal(dec.fragStats.timedOut, 1);
  assert.equal(dec.problems.get('fragment-timeout'), 1);
  assert.equal(dec.fragPending, 0);
  // The second half alone is now pending again, not a completion.
  assert.deepEqual(run([f[1]], {}, [232], dec).statuses, [DecodeStatus.Pending]);
});

test('limits: max datagrams evicts the oldest; max bytes bounds the buffers', () => {
  const l4 = datagram(1592);
  const dec = new Decoder({ fragMaxDatagrams: 2 });
  const firsts = [1, 2, 3].map((id) => frags4(l4, 800, id));
  run(firsts.map((f) => f[0]), {}, undefined, dec);
  assert.equal(dec.fragStats.overLimit, 1);
  assert.equal(dec.problems.get('fragment-over-limit'), 1);
  assert.equal(dec.fragPending, 2);
  // Datagram 1 was evicted; 2 and 3 still complete; 1's second half starts a new datagram.
  assert.deepEqual(run([firsts[1][1], firsts[2][1], firsts[0][1]], {}, undefined, dec).statuses, [DecodeStatus.Ok, DecodeStatus.Ok, DecodeStatus.Pending]);

  const small = new Decoder({ fragMaxBytes: 1000 });
  const big = frags4(datagram(3000), 800, 9);
  const r = run(big, {}, undefined, small);
  assert.ok(r.statuses.includes(DecodeStatus.Malformed));
  assert.ok(!r.statuses.includes(DecodeStatus.Ok));
  assert.ok(small.fragStats.overLimit >= 1);
  assert.ok((small.problems.get('fragment-over-limit') ?? 0) >= 1);
});

test('inconsistent last fragments and fragments beyond 64 KiB are malformed', () => {
  const l4 = datagram(1592);
  const f = frags4(l4, 800);
  const lastShort = eth(0x0800, ipv4({ proto: 17, id: 0x1111, fragOff: 800, more: false }, l4.slice(800, 900)));
  const r = run([f[1], lastShort]);
  assert.deepEqual(r.statuses, [DecodeStatus.Pending, DecodeStatus.Malformed]);
  assert.equal(r.dec.problems.get('fragment-inconsistent-length'), 1);
  const far = eth(0x0800, ipv4({ proto: 17, fragOff: 65528, more: false }, Array(16).fill(0)));
  const r2 = run([far]);
  assert.deepEqual(r2.statuses, [DecodeStatus.Malformed]);
  assert.equal(r2.dec.problems.get('fragment-beyond-64k'), 1);
});

test('a fragmented tunnel packet is reassembled, then decapsulated', () => {
  const inner = ipv4({ src: '192.168.1.1', dst: '192.168.1.2', proto: 17 }, datagram(1500));
  const gre = [0, 0, 0x08, 0x00, ...inner];
  const r = run(frags4(gre, 1000, 0x99, '172.16.0.1', 47));
  assert.deepEqual(r.statuses, [DecodeStatus.Pending, DecodeStatus.Ok]);
  assert.deepEqual([r.pkt.tunnel, r.pkt.sport, r.pkt.frames], [Tunnel.GRE, 5353, 2]);
});
