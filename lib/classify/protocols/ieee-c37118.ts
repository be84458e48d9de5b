/**
 * IEEE C37.118 synchrophasor frames, TCP or UDP: at least 17 bytes, sync byte 0xAA with a
 * frame type 0-5 in the high nibble of byte 1, a frame size equal to the payload and a
 * closing big-endian CRC-16/CCITT-FALSE of everything before it. Decided on the first
 * payload. Follows nDPI's ieee-c37118.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('IEEE-C37118');

/** CRC-16/CCITT-FALSE (0x1021, init 0xFFFF, not reflected) of b[s..e). */
export function crc16CcittFalse(b: Uint8Array, s: number, e: number): number {
  let crc = 0xffff;
  for (let i = s; i < e; i++) {
    crc ^= b[i] << 8;
    for (let k = 0; k < 8; k++) crc = (crc & 0x8000) !== 0 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export function isC37118(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 17 || b[s] !== 0xaa || b[s + 1] >> 4 >= 6 || u16(b, s + 2) !== n) return false;
  return u16(b, e - 2) === crc16CcittFalse(b, s, e - 2);
}

export const ieeeC37118: Dissector = {
  name: 'IEEE-C37118',
  transports: [6, 17],
  ports: [4712, 4713],
  pre: { tcp: { minLen: 17, bytes: [0xaa] }, udp: { minLen: 17, bytes: [0xaa] } }, // sync byte
  dissect(inp: DissectInput): Verdict {
    if (!isC37118(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
