/**
 * Protocol Buffers wire format, nDPI's heuristic (keep it in the heuristic section: it is a
 * shape test, not a signature). Each payload is read as up to 32 fields: a varint key
 * (field number ≠ 0, wire type VARINT, I64, LEN or I32; the deprecated groups and invalid
 * types refuse), then the value. Decides when a payload holds 8+ fields including a LEN
 * field, or from the 4th payload on when it holds 2+ fields; gives up after 8 payloads.
 * TCP: each call reads only the bytes added since the last one (nDPI's per-packet view).
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowCounter, setProto } from './dissect-kit.js';

/** Per direction, the TCP stream length already parsed (nDPI reads packets one by one). */
const done0 = new FlowCounter();
const done1 = new FlowCounter();

const ID = protocolId('Protobuf');
const MAX_ELEMENTS = 32;
const REQUIRED_ELEMENTS = 8;
const MIN_ELEMENTS = 2;
const MIN_PACKETS = 4;
const MAX_PACKETS = 8;

/** A varint read: its value (exact up to 2^53; larger ones only compare) and the next position. */
interface Varint {
  value: number;
  next: number;
}

/** Reads a varint (at most 9 bytes, as nDPI) at b[i..e) into r; false when it runs past e. */
function varint(b: Uint8Array, i: number, e: number, r: Varint): boolean {
  let v = 0;
  let mul = 1;
  for (let k = 0; k < 9; k++) {
    if (i + k >= e) return false;
    const c = b[i + k];
    v += (c & 0x7f) * mul;
    mul *= 128;
    if ((c & 0x80) === 0) {
      r.value = v;
      r.next = i + k + 1;
      return true;
    }
  }
  r.value = v;
  r.next = i + 9;
  return true;
}

/** 1 yes, 0 no, -1 wait: nDPI's per-payload decision with `count` payloads seen so far. */
export function protobufLook(b: Uint8Array, s: number, e: number, count: number): number {
  const r: Varint = { value: 0, next: 0 };
  let off = s;
  let elements = 0;
  let lenElements = 0;
  while (elements < MAX_ELEMENTS) {
    if (!varint(b, off, e, r)) break;
    off = r.next;
    const type = r.value % 8;
    const field = Math.floor(r.value / 8);
    if (field === 0 || field > 0x1fffffff) return 0;
    if (type === 0) {
      if (!varint(b, off, e, r)) return 0;
      off = r.next;
    } else if (type === 1) {
      if (off + 8 > e) return 0;
      off += 8;
    } else if (type === 2) {
      if (!varint(b, off, e, r)) {
        elements++; // nDPI counts the field whose length runs past the payload, then stops
        break;
      }
      if (r.value === 0 || r.value > 0x7fffffff) return 0;
      off = r.next + r.value;
      lenElements++;
    } else if (type === 5) {
      if (off + 4 > e) return 0;
      off += 4;
    } else return 0; // groups (3, 4) and invalid types (6, 7)
    elements++;
  }
  if ((elements >= REQUIRED_ELEMENTS && lenElements > 0) || (count >= MIN_PACKETS && elements >= MIN_ELEMENTS)) return 1;
  if (e >= off && elements > 0 && count <= MAX_PACKETS) return -1;
  return 0;
}

export const protobuf: Dissector = {
  name: 'Protobuf',
  transports: [6, 17],
  dissect(inp: DissectInput): Verdict {
    let s = inp.off;
    const e = s + inp.len;
    if (inp.transport === 6) {
      // read only the bytes this packet added, as nDPI reads each packet on its own:
      // re-reading the stream start would judge the same first bytes again and again
      const parsed = inp.dir === 0 ? done0 : done1;
      const done = parsed.get(inp.flow);
      parsed.set(inp.flow, inp.len);
      if (done >= inp.len) return Verdict.More;
      s += done;
    }
    const r = protobufLook(inp.data, s, e, inp.packetIndex + 1);
    if (r === 0) return Verdict.No;
    if (r < 0) return Verdict.More;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
