import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { SegmentCursor } from '../../lib/classify/protocols/tcp-segments.js';
import { flowFor } from './dissector-harness.js';

function input(flow: ReturnType<typeof flowFor>, dir: 0 | 1, len: number, transport = 6): DissectInput {
  return { flow, dir, data: new Uint8Array(len + 2), off: 2, len, packetIndex: 0, transport, sport: 1, dport: 2 };
}

test('SegmentCursor: the segment start the classifier gives; More asks for the next; no state is kept', () => {
  const c = new SegmentCursor();
  const flow = flowFor(6, { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:80', hex: '' });
  assert.equal(c.next({ ...input(flow, 0, 25), seg: 12 }), 12);
  assert.equal(c.next(input(flow, 0, 10)), 2);
  assert.equal(c.more(input(flow, 0, 10)), Verdict.More);
  assert.equal(flow.cls, undefined);
});
