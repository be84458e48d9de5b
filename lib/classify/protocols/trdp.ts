/**
 * TRDP (Train Real-time Data Protocol, IEC 61375-2-3). Process data (UDP only): a 40-byte
 * header with message type 'P?' (byte 6 'P'), a dataset length equal to what follows the
 * header, a zero reserved word and a header FCS (CRC-32, little-endian) over the first 36
 * bytes. Message data (TCP or UDP): a 116-byte header with byte 6 'M', a dataset length
 * that with its padding to 4 bytes fills the packet, and a header FCS over the first 112
 * bytes. Decided on the first payload. Follows nDPI's trdp.c.
 */
import { u32, u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('TRDP');

/** CRC-32 (IEEE 802.3, reflected 0xEDB88320) of b[s..e). */
export function crc32(b: Uint8Array, s: number, e: number): number {
  let crc = 0xffffffff;
  for (let i = s; i < e; i++) {
    crc ^= b[i];
    for (let k = 0; k < 8; k++) crc = (crc & 1) !== 0 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (~crc) >>> 0;
}

export function isTrdp(b: Uint8Array, s: number, e: number, tcp: boolean): boolean {
  const n = e - s;
  if (n < 40) return false;
  if (!tcp && b[s + 6] === 0x50 && n - 40 === u32(b, s + 20) && u32(b, s + 24) === 0 &&
    crc32(b, s, s + 36) === u32le(b, s + 36)) return true;
  if (n >= 116 && b[s + 6] === 0x4d) {
    const len = u32(b, s + 20);
    const pad = (4 - (len % 4)) % 4;
    if (n - 116 - pad === len && crc32(b, s, s + 112) === u32le(b, s + 112)) return true;
  }
  return false;
}

export const trdp: Dissector = {
  name: 'TRDP',
  transports: [6, 17],
  ports: [17224, 17225],
  pre: { tcp: { minLen: 116, at: 6, bytes: [0x4d] }, udp: { minLen: 40, at: 6, bytes: [0x50, 0x4d] } }, // message type
  dissect(inp: DissectInput): Verdict {
    if (!isTrdp(inp.data, inp.off, inp.off + inp.len, inp.transport === 6)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
