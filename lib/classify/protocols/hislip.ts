/**
 * HiSLIP (High-Speed LAN Instrument Protocol, IVI-6.1) over TCP: a 16-byte header — the
 * prologue "HS", a message type, control code, message parameter and a 64-bit big-endian
 * payload length equal to the rest of the packet. nDPI's type test lets any type below 127
 * pass. Decided on the first payload. Follows nDPI's hislip.c.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HiSLIP');

export function isHislip(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  return n >= 16 && b[s] === 0x48 && b[s + 1] === 0x53 && b[s + 2] < 127 && u32(b, s + 8) === 0 && u32(b, s + 12) === n - 16;
}

export const hislip: Dissector = {
  name: 'HiSLIP',
  transports: [6],
  ports: [4880],
  pre: { tcp: { minLen: 16, bytes: [0x48] } }, // "HS"
  dissect(inp: DissectInput): Verdict {
    if (!isHislip(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
