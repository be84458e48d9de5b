/**
 * AJP/1.3 (Apache JServ Protocol), following nDPI's ajp.c: one of the flow's first 20
 * segments starts with a packet header — magic 0x1234 (web server → container) with a
 * FORWARD_REQUEST, SHUTDOWN, PING or CPING code, or magic "AB" (container → server) with
 * SEND_BODY_CHUNK, SEND_HEADERS, END_RESPONSE, GET_BODY_CHUNK or CPONG — and a nonzero
 * length. A segment with another header rules AJP out.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('AJP');
const TO_CONTAINER = 0x1234;
const TO_SERVER = 0x4142;
const REQUEST_CODES: ReadonlySet<number> = new Set([2, 7, 8, 10]);
const RESPONSE_CODES: ReadonlySet<number> = new Set([3, 4, 5, 6, 9]);
const cursor = new SegmentCursor();

/** True when b[s..s+n) starts with an AJP packet header as nDPI checks it. */
export function ajpHeader(b: Uint8Array, s: number, n: number): boolean {
  if (n < 5 || u16(b, s + 2) === 0) return false;
  const magic = u16(b, s);
  const code = b[s + 4];
  if (magic === TO_CONTAINER) return REQUEST_CODES.has(code);
  return magic === TO_SERVER && RESPONSE_CODES.has(code);
}

export const ajp: Dissector = {
  name: 'AJP',
  transports: [6],
  ports: [8009, 8010],
  pre: { tcp: { firstLook: true, minLen: 5, bytes: [0x12, 0x41] } }, // a flow opens with a 0x1234 or "AB" packet
  dissect(inp: DissectInput): Verdict {
    if (inp.packetIndex + 1 > 20) return Verdict.No;
    const s = cursor.next(inp);
    if (!ajpHeader(inp.data, s, inp.off + inp.len - s)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
