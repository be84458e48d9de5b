/**
 * Dofus over TCP, as nDPI's dofus.c, packet by packet. Dofus 1.x: a 13-byte ?? 05 08 ??
 * 04 A0 … 01 94 packet; or a text opening ("HG", "HC", "Af", "Ax"/"AX" or another message
 * ending with a NUL) followed by an "AT…" 11-byte or an "AT"/"Ak" 5-byte message. Dofus
 * 2.0: 00 05 08 00 00 05 ?? ?? 00 05 18 messages of 11, 13 (ending 01 94) or 49 bytes
 * (length at offset 15), and two length-prefixed layouts (01 B9 26 …, and a 56-byte
 * 00 11 35 02 03 00 93 96 01 00 …) whose lengths add up to the packet. Anything else rules
 * it out.
 */
import { startsWith, u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Dofus');
const cursor = new SegmentCursor();
/** Present once a Dofus 1.x text opening was seen. */
const stages = new FlowState(() => ({ opened: true }));
const PREFIX_56 = [0x00, 0x11, 0x35, 0x02, 0x03, 0x00, 0x93, 0x96, 0x01, 0x00];

/** Dofus 1.x openings that make the next messages worth a look. */
function opening(b: Uint8Array, s: number, n: number): boolean {
  const e = s + n;
  if (n <= 2 || b[e - 1] !== 0) return false;
  if (n === 3 && startsWith(b, s, e, 'HG')) return true;
  if (n === 12 && startsWith(b, s, e, 'Af')) return true;
  if (n === 35 && startsWith(b, s, e, 'HC')) return true;
  if (b[s] === 0x41 && (b[s + 1] === 0x78 || b[s + 1] === 0x58)) return true;
  // nDPI's last test accepts any NUL-terminated message that does not start "Ad"
  return !startsWith(b, s, e, 'Ad');
}

/** 1: Dofus, 0: not decided here, -1: ruled out. */
function dofus2(b: Uint8Array, s: number, n: number): number {
  if ((n === 11 || n === 13 || n === 49) && u32(b, s) === 0x00050800 && u16(b, s + 4) === 0x0005 && u16(b, s + 8) === 0x0005 && b[s + 10] === 0x18) {
    if (n === 13 && u16(b, s + n - 2) !== 0x0194) return -1;
    if (n === 49 && u16(b, s + 15) + 17 !== n) return -1;
    return 1;
  }
  if (n >= 41 && u16(b, s) === 0x01b9 && b[s + 2] === 0x26) {
    const l1 = u16(b, s + 3);
    if (l1 + 7 > n) return -1;
    return 5 + l1 + 2 + u16(b, s + 5 + l1) === n ? 1 : 0;
  }
  if (n === 56) {
    for (let i = 0; i < PREFIX_56.length; i++) if (b[s + i] !== PREFIX_56[i]) return 0;
    const l1 = u16(b, s + 10);
    if (l1 + 14 > n) return -1;
    const l2 = u16(b, s + 12 + l1);
    const end = 12 + l1 + 2 + l2;
    if (end + 1 > n) return -1;
    return end + 1 === n && b[s + end] === 0x01 ? 1 : 0;
  }
  return 0;
}

function found(inp: DissectInput): Verdict {
  setProto(inp.flow, 0, ID);
  return Verdict.Yes;
}

export const dofus: Dissector = {
  name: 'Dofus',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    if (n === 13 && u16(b, s + 1) === 0x0508 && u16(b, s + 5) === 0x04a0 && u16(b, s + n - 2) === 0x0194) return found(inp);
    const st = stages.peek(inp.flow);
    if (st === undefined) {
      if (opening(b, s, n)) {
        stages.get(inp.flow);
        cursor.record(inp);
        return Verdict.More;
      }
    } else {
      if (n === 11 && b[s] === 0x41 && b[s + 1] === 0x54 && b[s + 10] === 0) return found(inp);
      if (n === 5 && b[s] === 0x41 && b[s + 4] === 0 && (b[s + 1] === 0x54 || b[s + 1] === 0x6b)) return found(inp);
    }
    return dofus2(b, s, n) === 1 ? found(inp) : Verdict.No;
  },
};
