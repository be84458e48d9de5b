/**
 * Diameter (RFC 6733) over TCP: a 20-byte header with version 1, a flags byte that is
 * exactly one of request, proxiable, error or retransmitted, and a command code among the
 * base ones nDPI lists (AC, AS, CC, CE, DW, DP, RA, ST; nDPI combines the three code bytes
 * with the first and second both shifted by 8). Decided on the first payload. Follows
 * nDPI's diameter.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Diameter');
const CODES = [271, 274, 272, 257, 280, 282, 258, 275];

export function isDiameter(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 20 || b[s] !== 1) return false;
  const f = b[s + 4];
  if (f !== 0x80 && f !== 0x40 && f !== 0x20 && f !== 0x10) return false;
  const code = (b[s + 7] + (b[s + 6] << 8) + (b[s + 5] << 8)) & 0xffff;
  return CODES.includes(code);
}

export const diameter: Dissector = {
  name: 'Diameter',
  transports: [6],
  ports: [3868],
  dissect(inp: DissectInput): Verdict {
    if (!isDiameter(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
