/**
 * Ether-S-Bus (Saia-Burgess PLCs) over UDP: a telegram of more than 12 bytes whose first
 * 32 bits are its length, with protocol version below 2 and protocol type 0, closed by a
 * big-endian CRC-16/XMODEM of everything before it. Decided on the first datagram.
 * Follows nDPI's ethersbus.c.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Ether-S-Bus');

/** CRC-16/XMODEM (0x1021, init 0, not reflected) of b[s..e). */
export function crc16Xmodem(b: Uint8Array, s: number, e: number): number {
  let crc = 0;
  for (let i = s; i < e; i++) {
    crc ^= b[i] << 8;
    for (let k = 0; k < 8; k++) crc = (crc & 0x8000) !== 0 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export function isEtherSbus(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n <= 12 || u32(b, s) !== n || b[s + 4] >= 2 || b[s + 5] !== 0) return false;
  return crc16Xmodem(b, s, e - 2) === u16(b, e - 2);
}

export const etherSbus: Dissector = {
  name: 'Ether-S-Bus',
  transports: [17],
  ports: [5050],
  pre: { udp: { minLen: 13, bytes: [0] } }, // a 32-bit length equal to the datagram's
  dissect(inp: DissectInput): Verdict {
    if (!isEtherSbus(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
