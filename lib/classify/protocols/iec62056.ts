/**
 * IEC 62056 (DLMS/COSEM) over IP in HDLC framing: the payload is one HDLC frame — 0x7E,
 * frame format 0xA0, …, a CRC-16/X.25 frame check sequence (little-endian) over the bytes
 * from the format field to before the FCS, and a closing 0x7E. TCP or UDP; decided on the
 * first payload. Follows nDPI's iec62056.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('IEC62056');

/** CRC-16/X.25 (reflected 0x1021, init and final xor 0xFFFF) of b[s..e). */
export function crc16x25(b: Uint8Array, s: number, e: number): number {
  let crc = 0xffff;
  for (let i = s; i < e; i++) {
    crc ^= b[i];
    for (let k = 0; k < 8; k++) crc = (crc & 1) !== 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}

export function isDlmsHdlc(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n <= 8 || b[s] !== 0x7e || b[s + 1] !== 0xa0 || b[e - 1] !== 0x7e) return false;
  return crc16x25(b, s + 1, s + 1 + n - 4) === (b[e - 3] | (b[e - 2] << 8));
}

export const iec62056: Dissector = {
  name: 'IEC62056',
  transports: [6, 17],
  ports: [4059],
  pre: { tcp: { minLen: 9, bytes: [0x7e] }, udp: { minLen: 9, bytes: [0x7e] } }, // HDLC flag
  dissect(inp: DissectInput): Verdict {
    if (!isDlmsHdlc(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
