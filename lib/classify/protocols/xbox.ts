/**
 * Xbox Live over UDP, as nDPI's xbox.c: a datagram over 12 bytes starting 00 00 00 00, with
 * 0x58 at offset 5, three zero bytes at offset 7 and one of the known (offset 4, offset 6)
 * pairs (0C/76, 02/18, 0B/80, 03/40, 06/4E); or, on port 3074, two datagrams of the known
 * console shapes (24 bytes starting 00; 42 bytes 4F ?? 0A; 80 bytes 50 BC 45; 40 bytes
 * CF 5F 32 02; 38 bytes C1 45 7F 03; 28 bytes 01 5F 2C 00). Other datagrams rule it out.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('Xbox');
const PORT = 3074;
const PAIRS = [0x0c76, 0x0218, 0x0b80, 0x0340, 0x064e];
/** Console-shaped datagrams seen on port 3074. */
const stage = new FlowState(() => ({ v: 0 }));

function liveHeader(b: Uint8Array, o: number, n: number): boolean {
  if (n <= 12 || u32(b, o) !== 0 || b[o + 5] !== 0x58 || b[o + 7] !== 0 || b[o + 8] !== 0 || b[o + 9] !== 0) return false;
  return PAIRS.includes((b[o + 4] << 8) | b[o + 6]);
}

function consoleShape(b: Uint8Array, o: number, n: number): boolean {
  switch (n) {
    case 24:
      return b[o] === 0x00;
    case 42:
      return b[o] === 0x4f && b[o + 2] === 0x0a;
    case 80:
      return u16(b, o) === 0x50bc && b[o + 2] === 0x45;
    case 40:
      return u32(b, o) === 0xcf5f3202;
    case 38:
      return u32(b, o) === 0xc1457f03;
    case 28:
      return u32(b, o) === 0x015f2c00;
    default:
      return false;
  }
}

export const xbox: Dissector = {
  name: 'Xbox',
  transports: [17],
  ports: [PORT],
  pre: { udp: { minLen: 13, bytes: [0x00, 0x4f, 0x50, 0xcf, 0xc1, 0x01] } }, // liveHeader's and consoleShape's first bytes
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (liveHeader(b, o, n)) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    if ((inp.sport === PORT || inp.dport === PORT) && consoleShape(b, o, n)) {
      const st = stage.get(inp.flow);
      if (st.v === 1) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
      st.v++;
      return Verdict.More;
    }
    return Verdict.No;
  },
};
