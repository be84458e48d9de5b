import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PacketInfo, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../lib/decode/packet.js';
import type { Dir, Flow } from '../../lib/flow/flow.js';
import { FlowTracker, type TrackerOptions } from '../../lib/flow/tracker.js';
import { TcpStream } from '../../lib/flow/tcp-stream.js';

function v4(s: string): number {
  return s.split('.').reduce((a, b) => ((a << 8) | Number(b)) >>> 0, 0);
}

interface Seen {
  ended: Flow[];
  inspected: { id: number; dir: Dir; text: string }[];
}

/** reuse: payloads are written into one buffer, overwritten by the next packet (as the reader's chunk is). */
function harness(opts: TrackerOptions = {}, classifyAfter = Infinity, reuse = false) {
  const seen: Seen = { ended: [], inspected: [] };
  const tracker = new FlowTracker(
    {
      inspect(flow, dir, _p, data, off, len) {
        seen.inspected.push({ id: flow.id, dir, text: Buffer.from(data.subarray(off, off + len)).toString('latin1') });
        if (flow.inspected >= classifyAfter) flow.classified = true;
      },
      ended(flow) {
        seen.ended.push(flow);
      },
    },
    opts,
  );
  const p = new PacketInfo();
  const shared = Buffer.alloc(2048);
  let now = 1_700_000_000;
  function send(
    src: string,
    sport: number,
    dst: string,
    dport: number,
    o: { proto?: number; flags?: number; seq?: number; data?: string; t?: number; vlan?: number; icmpType?: number; wirelen?: number } = {},
  ) {
    if (o.t !== undefined) now = o.t;
    p.ipVersion = 4;
    p.src.fill(0);
    p.dst.fill(0);
    p.src[0] = v4(src);
    p.dst[0] = v4(dst);
    p.sport = sport;
    p.dport = dport;
    p.proto = o.proto ?? 6;
    p.tcpFlags = o.flags ?? TCP_ACK;
    p.tcpSeq = o.seq ?? 0;
    p.vlanId = o.vlan ?? 0;
    p.icmpType = o.icmpType ?? 0;
    let bytes = Buffer.from(o.data ?? '', 'latin1');
    if (reuse) {
      shared.fill(0x3f);
      bytes = shared.subarray(0, shared.write(o.data ?? '', 'latin1'));
    }
    p.payload = bytes;
    p.payloadOff = 0;
    p.payloadLen = bytes.length;
    p.wirelen = o.wirelen ?? 54 + bytes.length;
    p.frames = 1;
    p.tsSec = now;
    p.tsNsec = 500;
    tracker.packet(p);
  }
  return { tracker, seen, send };
}

test('TCP: the SYN sender is the client; both directions share one flow with per-direction counters', () => {
  const { tracker, seen, send } = harness();
  send('10.0.0.2', 40000, '93.184.216.34', 80, { flags: TCP_SYN, seq: 100 });
  send('93.184.216.34', 80, '10.0.0.2', 40000, { flags: TCP_SYN | TCP_ACK, seq: 900 });
  send('10.0.0.2', 40000, '93.184.216.34', 80, { flags: TCP_ACK, seq: 101 });
  send('10.0.0.2', 40000, '93.184.216.34', 80, { flags: TCP_ACK | TCP_PSH, seq: 101, data: 'GET / HTTP/1.1\r\n' });
  tracker.finish();
  assert.equal(seen.ended.length, 1);
  const f = seen.ended[0];
  assert.equal(f.cliAddr(), '10.0.0.2');
  assert.equal(f.srvAddr(), '93.184.216.34');
  assert.equal(f.cliPort, 40000);
  assert.equal(f.srvPort, 80);
  assert.equal(f.cli2srvPackets, 3);
  assert.equal(f.srv2cliPackets, 1);
  assert.equal(f.cli2srvBytes, 54 * 3 + 16);
  assert.equal(f.cli2srvPayload, 16);
  assert.equal(f.handshakeDone, true);
  assert.equal(f.endReason, 'capture-end');
  assert.equal(f.firstNsec, 500);
});

test('TCP: a SYN/ACK seen first makes its sender the server', () => {
  const { tracker, seen, send } = harness();
  send('93.184.216.34', 443, '10.0.0.2', 40001, { flags: TCP_SYN | TCP_ACK });
  send('10.0.0.2', 40001, '93.184.216.34', 443, { flags: TCP_ACK });
  tracker.finish();
  const f = seen.ended[0];
  assert.equal(f.cliAddr(), '10.0.0.2');
  assert.equal(f.srvPort, 443);
  assert.equal(f.cli2srvPackets, 1);
  assert.equal(f.srv2cliPackets, 1);
});

test('UDP: a first packet from a well-known port to an ephemeral one is from the server', () => {
  const { tracker, seen, send } = harness();
  send('8.8.8.8', 53, '10.0.0.2', 51000, { proto: 17 });
  tracker.finish();
  const f = seen.ended[0];
  assert.equal(f.cliAddr(), '10.0.0.2');
  assert.equal(f.srvAddr(), '8.8.8.8');
  assert.equal(f.srvPort, 53);
  assert.equal(f.cli2srvPackets, 0);
  assert.equal(f.srv2cliPackets, 1);
});

test('ICMP: the echo-request sender is the client even when the reply is seen first', () => {
  const { tracker, seen, send } = harness();
  send('1.1.1.1', 0, '10.0.0.2', 0, { proto: 1, icmpType: 0 });
  send('10.0.0.2', 0, '1.1.1.1', 0, { proto: 1, icmpType: 8 });
  tracker.finish();
  assert.equal(seen.ended.length, 1);
  assert.equal(seen.ended[0].cliAddr(), '10.0.0.2');
  assert.equal(seen.ended[0].cli2srvPackets, 1);
});

test('VLAN ids separate otherwise identical flows', () => {
  const { tracker, seen, send } = harness();
  send('10.0.0.1', 5000, '10.0.0.9', 53, { proto: 17, vlan: 10 });
  send('10.0.0.1', 5000, '10.0.0.9', 53, { proto: 17, vlan: 20 });
  send('10.0.0.9', 53, '10.0.0.1', 5000, { proto: 17, vlan: 10 });
  tracker.finish();
  assert.equal(seen.ended.length, 2);
  assert.deepEqual(
    seen.ended.map((f) => [f.vlanId, f.packets]),
    [
      [10, 2],
      [20, 1],
    ],
  );
});

test('FIN from both sides ends the flow after the grace period; RST likewise', () => {
  const { tracker, seen, send } = harness();
  send('10.0.0.2', 40000, '10.0.0.3', 80, { flags: TCP_SYN, t: 1000 });
  send('10.0.0.2', 40000, '10.0.0.3', 80, { flags: TCP_FIN | TCP_ACK, t: 1001 });
  send('10.0.0.3', 80, '10.0.0.2', 40000, { flags: TCP_FIN | TCP_ACK, t: 1001 });
  send('10.0.0.2', 40000, '10.0.0.3', 80, { flags: TCP_ACK, t: 1001 }); // trailing ACK still counts
  send('10.0.0.4', 1234, '10.0.0.3', 22, { flags: TCP_RST, t: 1002 });
  assert.equal(seen.ended.length, 0);
  send('10.0.0.9', 9, '10.0.0.8', 9, { proto: 17, t: 1010 }); // time moves on
  assert.deepEqual(
    seen.ended.map((f) => [f.id, f.endReason, f.packets]),
    [
      [1, 'fin', 4],
      [2, 'rst', 1],
    ],
  );
});

test('a new SYN on a closed connection starts a new flow (port reuse)', () => {
  const { tracker, seen, send } = harness();
  send('10.0.0.2', 40000, '10.0.0.3', 80, { flags: TCP_SYN, t: 1000 });
  send('10.0.0.3', 80, '10.0.0.2', 40000, { flags: TCP_RST | TCP_ACK, t: 1000 });
  send('10.0.0.2', 40000, '10.0.0.3', 80, { flags: TCP_SYN, t: 1001 });
  // the new flow is found by its key after another flow's packet
  send('10.0.0.5', 5000, '10.0.0.9', 53, { proto: 17, t: 1001 });
  send('10.0.0.3', 80, '10.0.0.2', 40000, { flags: TCP_SYN | TCP_ACK, t: 1001 });
  tracker.finish();
  assert.deepEqual(
    seen.ended.map((f) => [f.id, f.endReason, f.packets]),
    [
      [1, 'rst', 2],
      [2, 'capture-end', 2],
      [3, 'capture-end', 1],
    ],
  );
});

test('idle timeouts are per protocol, in packet time', () => {
  const { tracker, seen, send } = harness({ timeouts: { udp: 30, tcp: 100 } });
  send('10.0.0.1', 5000, '10.0.0.9', 53, { proto: 17, t: 1000 });
  send('10.0.0.1', 40000, '10.0.0.9', 80, { flags: TCP_SYN, t: 1000 });
  send('10.0.0.7', 1, '10.0.0.8', 2, { proto: 17, t: 1031 });
  assert.deepEqual(seen.ended.map((f) => [f.id, f.endReason]), [[1, 'idle']]);
  send('10.0.0.7', 1, '10.0.0.8', 2, { proto: 17, t: 1101 });
  assert.deepEqual(seen.ended.map((f) => [f.id, f.endReason]), [
    [1, 'idle'],
    [2, 'idle'],
    [3, 'idle'],
  ]);
  // the same endpoints after an idle end form a new flow
  send('10.0.0.1', 5000, '10.0.0.9', 53, { proto: 17, t: 1102 });
  tracker.finish();
  assert.deepEqual(seen.ended.slice(3).map((f) => f.id), [4, 5]);
});

test('--max-flows ends the longest-idle flow first and counts evictions', () => {
  const { tracker, seen, send } = harness({ maxFlows: 2 });
  send('10.0.0.1', 1, '10.0.0.9', 53, { proto: 17, t: 1000 });
  send('10.0.0.2', 1, '10.0.0.9', 53, { proto: 17, t: 1001 });
  send('10.0.0.1', 1, '10.0.0.9', 53, { proto: 17, t: 1002 }); // flow 1 is now the most recent
  send('10.0.0.3', 1, '10.0.0.9', 53, { proto: 17, t: 1003 });
  assert.deepEqual(seen.ended.map((f) => [f.id, f.endReason]), [[2, 'evicted']]);
  assert.equal(tracker.evictions, 1);
  assert.equal(tracker.activeFlows, 2);
  tracker.finish();
  assert.deepEqual(seen.ended.map((f) => f.id), [2, 1, 3]);
});

test('many flows: every one is found again and ends exactly once (table growth and deletion)', () => {
  const { tracker, seen, send } = harness({ timeouts: { udp: 10 } });
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 5000; i++) send(`10.${i >> 8}.${i & 255}.1`, 1000 + (i % 7), '10.255.0.1', 53, { proto: 17, t: 1000 });
  }
  assert.equal(tracker.activeFlows, 5000);
  // half of them idle out, the others stay
  for (let i = 0; i < 5000; i += 2) send(`10.${i >> 8}.${i & 255}.1`, 1000 + (i % 7), '10.255.0.1', 53, { proto: 17, t: 1008 });
  send('1.1.1.1', 1, '2.2.2.2', 2, { proto: 17, t: 1015 });
  assert.equal(seen.ended.length, 2500);
  assert.ok(seen.ended.every((f) => f.packets === 2));
  tracker.finish();
  assert.equal(seen.ended.length, 5001);
  assert.equal(new Set(seen.ended.map((f) => f.id)).size, 5001);
  assert.equal(tracker.activeFlows, 0);
});

test('TCP payload reaches the classifier as the reassembled stream, in order', () => {
  const { tracker, seen, send } = harness();
  send('10.0.0.2', 40000, '10.0.0.3', 80, { flags: TCP_SYN, seq: 999 });
  send('10.0.0.2', 40000, '10.0.0.3', 80, { seq: 1006, data: 'world' }); // out of order
  send('10.0.0.2', 40000, '10.0.0.3', 80, { seq: 1000, data: 'hello ' });
  send('10.0.0.2', 40000, '10.0.0.3', 80, { seq: 1000, data: 'hello ' }); // retransmission
  tracker.finish();
  assert.deepEqual(
    seen.inspected.map((x) => x.text),
    ['', '', 'hello world', ''],
  );
});

test('classified flows are no longer inspected', () => {
  const { tracker, seen, send } = harness({}, 2);
  for (let i = 0; i < 5; i++) send('10.0.0.1', 5000, '10.0.0.9', 53, { proto: 17, data: 'x' });
  tracker.finish();
  assert.equal(seen.inspected.length, 2);
});

test('TcpStream: overlaps keep the first bytes, holes wait, the limit bounds memory', () => {
  const s = new TcpStream(16);
  const b = (x: string) => Buffer.from(x, 'latin1');
  s.syn(0xfffffffe); // stream starts at 0xffffffff: sequence numbers wrap
  assert.equal(s.add(0xffffffff, b('abc'), 0, 3), true);
  assert.equal(s.add(5, b('XYZ'), 0, 3), false); // rel 6: a hole at 3..5 waits
  assert.equal(s.add(2, b('dEF'), 0, 3), true); // rel 3..5 fills the hole, the waiting segment follows
  assert.equal(Buffer.from(s.buf.subarray(0, s.len)).toString('latin1'), 'abcdEFXYZ');
  assert.equal(s.add(0xffffffff, b('QQQQ'), 0, 4), false); // overlap of what we have: unchanged, nothing new
  assert.equal(Buffer.from(s.buf.subarray(0, s.len)).toString('latin1'), 'abcdEFXYZ');
  assert.equal(s.add(8, b('0123456789'), 0, 10), true);
  assert.equal(s.len, 16);
  assert.equal(s.dropped, 3);
});

test('TcpStream: the first in-order segment is a view until own() copies it', () => {
  const s = new TcpStream(64);
  const pkt = Buffer.from('..hello', 'latin1');
  s.syn(99);
  assert.equal(s.add(100, pkt, 2, 5), true);
  assert.equal(s.borrowed, true);
  s.own();
  assert.equal(s.borrowed, false);
  pkt.fill(0x21); // the reader reuses its chunk: the stream must not change
  assert.equal(Buffer.from(s.buf.subarray(0, s.len)).toString('latin1'), 'hello');
  assert.equal(s.add(105, Buffer.from(' world', 'latin1'), 0, 6), true);
  assert.equal(Buffer.from(s.buf.subarray(0, s.len)).toString('latin1'), 'hello world');
});

test('TcpStream: a second segment while the first is borrowed copies it first', () => {
  const s = new TcpStream(64);
  const first = Buffer.from('abc', 'latin1');
  assert.equal(s.add(1, first, 0, 3), true);
  assert.equal(s.add(4, Buffer.from('def', 'latin1'), 0, 3), true);
  first.fill(0x21);
  assert.equal(Buffer.from(s.buf.subarray(0, s.len)).toString('latin1'), 'abcdef');
});

test('an unclassified TCP flow keeps its first segment after the packet buffer is reused', () => {
  const { tracker, seen, send } = harness({}, 3, true);
  send('10.0.0.2', 40000, '10.0.0.9', 80, { flags: TCP_SYN, seq: 0 });
  send('10.0.0.2', 40000, '10.0.0.9', 80, { flags: TCP_ACK | TCP_PSH, seq: 1, data: 'GET / HT' });
  send('10.0.0.2', 40000, '10.0.0.9', 80, { flags: TCP_ACK | TCP_PSH, seq: 9, data: 'TP/1.1\r\n' });
  tracker.finish();
  assert.deepEqual(seen.inspected.map((i) => i.text), ['', 'GET / HT', 'GET / HTTP/1.1\r\n']);
});
