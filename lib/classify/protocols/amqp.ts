/**
 * AMQP 0-9-1 (RabbitMQ and co.), following nDPI's amqp.c: a TCP segment that starts with a
 * frame header — type 0..3, channel, a 32-bit size no larger than the segment (size + 8 ≥
 * segment length) and below 32768 — and a method payload whose class id is 10 (Connection)
 * … 110 and method id ≤ 120. The protocol header ("AMQP" 0 0 9 1) itself is not what
 * decides: nDPI waits for the first method frame, and gives up after 5 segments.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('AMQP');
const cursor = new SegmentCursor();

/** True when b[s..e) (one segment) starts with an AMQP method frame header as nDPI checks it. */
export function amqpFrame(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n <= 11 || b[s] > 3) return false;
  const size = u32(b, s + 3);
  if (size + 8 < n || size >= 32768) return false;
  const cls = u16(b, s + 7);
  return cls >= 10 && cls <= 110 && u16(b, s + 9) <= 120;
}

export const amqp: Dissector = {
  name: 'AMQP',
  transports: [6],
  ports: [5672],
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    if (amqpFrame(inp.data, s, inp.off + inp.len)) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return inp.packetIndex + 1 > 5 ? Verdict.No : cursor.more(inp);
  },
};
