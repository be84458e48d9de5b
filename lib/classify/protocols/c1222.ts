/**
 * ANSI C12.22 (IEEE 1703) over TCP or UDP: an ACSE PDU of at least 50 bytes — tag 0x60, a
 * one-byte length equal to the rest (mod 256), then the called-AP-title element (0xA2)
 * holding an OBJECT IDENTIFIER (0x06). Decided on the first payload. Follows nDPI's c1222.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('ANSI_C1222');

export function isC1222(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  return n >= 50 && b[s] === 0x60 && ((n - 2) & 0xff) === b[s + 1] && b[s + 2] === 0xa2 && b[s + 4] === 0x06;
}

export const c1222: Dissector = {
  name: 'ANSI_C1222',
  transports: [6, 17],
  ports: [1153],
  pre: { tcp: { minLen: 50, bytes: [0x60] }, udp: { minLen: 50, bytes: [0x60] } },
  dissect(inp: DissectInput): Verdict {
    if (!isC1222(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
