import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { SegmentCursor } from '../../lib/classify/protocols/tcp-segments.js';
import { flowFor } from './dhcp-stun-harness.js';

function input(flow: ReturnType<typeof flowFor>, dir: 0 | 1, len: number, transport = 6): DissectInput {
  return { flow, dir, data: new Uint8Array(len + 2), off: 2, len, packetIndex: 0, transport, sport: 1, dport: 2 };
}

test('SegmentCursor: the newest segment starts after what was seen in that direction', () => {
  const c = new SegmentCursor();
  const flow = flowFor(6, { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:80', hex: '' });
  assert.equal(c.next(input(flow, 0, 10)), 2);
  assert.equal(c.more(input(flow, 0, 10)), Verdict.More);
  assert.equal(c.next(input(flow, 1, 7)), 2); // the other direction's first segment
  c.record(input(flow, 1, 7));
  assert.equal(c.next(input(flow, 0, 25)), 12); // 2 + the 10 bytes already seen
  assert.equal(c.next(input(flow, 1, 9)), 9); // 2 + 7
});

test('SegmentCursor: nothing is kept for a flow that was never asked for more; UDP is one datagram', () => {
  const c = new SegmentCursor();
  const flow = flowFor(6, { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:80', hex: '' });
  assert.equal(c.next(input(flow, 0, 10)), 2);
  assert.equal(flow.dis, undefined);
  const udp = flowFor(17, { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:53', hex: '' });
  c.record(input(udp, 0, 10, 17));
  assert.equal(c.next(input(udp, 0, 30, 17)), 2);
  assert.equal(udp.dis, undefined);
});
