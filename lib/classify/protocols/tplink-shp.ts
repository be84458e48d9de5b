/**
 * TP-Link Smart Home Protocol, TCP or UDP: JSON obfuscated with an autokey XOR (first key
 * 171, then each cipher byte keys the next); the first two plain bytes must be '{' and '}'
 * or '"'. On TCP a 4-byte length prefix comes first. Decided on the first payload. Follows
 * nDPI's tplink_shp.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('TPLINK_SHP');

export function isTplinkShp(b: Uint8Array, s: number, e: number, tcp: boolean): boolean {
  const p = s + (tcp ? 4 : 0);
  if (e - p < 2) return false;
  const c0 = b[p] ^ 171;
  const c1 = b[p + 1] ^ b[p];
  return c0 === 0x7b && (c1 === 0x7d || c1 === 0x22);
}

export const tplinkShp: Dissector = {
  name: 'TPLINK_SHP',
  transports: [6, 17],
  ports: [9999],
  pre: { tcp: { minLen: 6, at: 4, bytes: [0xd0] }, udp: { minLen: 2, bytes: [0xd0] } }, // '{' ^ 171, after TCP's 4-byte length
  dissect(inp: DissectInput): Verdict {
    if (!isTplinkShp(inp.data, inp.off, inp.off + inp.len, inp.transport === 6)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
