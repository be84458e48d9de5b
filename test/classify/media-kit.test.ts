import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DissectInput } from '../../lib/classify/dissector.js';
import { hasAscii, packetStart } from '../../lib/classify/protocols/media-kit.js';
import { flowFor } from './dissector-harness.js';

const PKT = { frame: 0, from: '10.0.0.2:40000', to: '10.0.0.1:5222', hex: '' };

function input(flow: DissectInput['flow'], dir: 0 | 1, len: number, packetIndex: number, transport = 6): DissectInput {
  return { flow, dir, data: new Uint8Array(64), off: 4, len, packetIndex, transport, sport: 40000, dport: 5222 };
}

test('packetStart is the classifier\'s segment start; without one, the payload itself', () => {
  const f = flowFor(6, PKT);
  assert.equal(packetStart({ ...input(f, 0, 15, 2), seg: 14 }), 14);
  assert.equal(packetStart(input(f, 0, 10, 0)), 4);
});

test('hasAscii finds a text inside the range only', () => {
  const b = Uint8Array.from(Buffer.from('xxPPStreamyy'));
  assert.ok(hasAscii(b, 0, b.length, 'PPStream'));
  assert.ok(!hasAscii(b, 3, b.length, 'PPStream'));
  assert.ok(!hasAscii(b, 0, 9, 'PPStream'));
});
