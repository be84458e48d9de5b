/**
 * MongoDB wire protocol, following nDPI's mongodb.c: one of the flow's first 6 TCP
 * segments starts with a message header (little-endian length 4..1000000, request id,
 * response-to, opcode) whose opcode is a client operation (2001..2007, 2013), or a reply
 * (opcode 1) of more than 36 bytes whose response flags use only the low 4 bits. A segment
 * of 16 bytes or less, an implausible length or another opcode rules MongoDB out.
 */
import { u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('MongoDB');
const HEADER = 16;
const OP_REPLY = 1;
const OP_MSG = 2013;
const cursor = new SegmentCursor();

/** 1 MongoDB, 0 not MongoDB, -1 undecided (a reply too short to judge). */
export function mongoSegment(b: Uint8Array, s: number, n: number): number {
  if (n <= HEADER) return 0;
  const len = u32le(b, s);
  if (len < 4 || len > 1000000) return 0;
  const op = u32le(b, s + 12);
  if ((op >= 2001 && op <= 2007) || op === OP_MSG) return 1;
  if (op !== OP_REPLY) return 0;
  if (n <= HEADER + 20) return -1;
  return (u32le(b, s + HEADER) & 0xfffffff0) === 0 ? 1 : -1;
}

export const mongodb: Dissector = {
  name: 'MongoDB',
  transports: [6],
  ports: [27017],
  // a flow opens with a header and an opcode (little-endian at 12): 2001..2007, OP_MSG or OP_REPLY
  pre: { tcp: { firstLook: true, minLen: HEADER + 1, at: 12, bytes: [0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, OP_MSG & 0xff, OP_REPLY] } },
  dissect(inp: DissectInput): Verdict {
    if (inp.packetIndex + 1 > 6) return Verdict.No;
    const s = cursor.next(inp);
    const r = mongoSegment(inp.data, s, inp.off + inp.len - s);
    if (r === 0) return Verdict.No;
    if (r < 0) return cursor.more(inp);
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
