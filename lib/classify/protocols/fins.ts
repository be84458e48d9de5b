/**
 * Omron FINS. TCP: a FINS/TCP header (at least 20 bytes) starting "FINS". UDP: a FINS
 * header of more than 10 bytes — ICF 0x80, 0xC0 or 0xC1, reserved 0, gateway count 2,
 * network addresses up to 0x7F and unit addresses 0x00, 0xFE, 0xE1 or 0x10-0x1F on both
 * ends. Decided on the first payload. Follows nDPI's fins.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('FINS');

function unitOk(u: number): boolean {
  return u === 0x00 || u === 0xfe || u === 0xe1 || (u >= 0x10 && u <= 0x1f);
}

export function isFins(b: Uint8Array, s: number, e: number, tcp: boolean): boolean {
  const n = e - s;
  if (tcp) return n >= 20 && startsWith(b, s, e, 'FINS');
  if (n <= 10) return false;
  const icf = b[s];
  if (icf !== 0x80 && icf !== 0xc0 && icf !== 0xc1) return false;
  if (b[s + 3] > 0x7f || b[s + 6] > 0x7f || b[s + 2] !== 0x02 || b[s + 1] !== 0) return false;
  return unitOk(b[s + 5]) && unitOk(b[s + 8]);
}

export const fins: Dissector = {
  name: 'FINS',
  transports: [6, 17],
  ports: [9600],
  pre: { tcp: { minLen: 20, bytes: [0x46] }, udp: { minLen: 11, bytes: [0x80, 0xc0, 0xc1] } }, // "FINS"; ICF
  dissect(inp: DissectInput): Verdict {
    if (!isFins(inp.data, inp.off, inp.off + inp.len, inp.transport === 6)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
