/**
 * Tuya local protocol over UDP (device discovery broadcasts): at least 16 bytes, the prefix
 * 00 00 55 AA, a 32-bit length no larger than the datagram, and the suffix 00 00 AA 55.
 * Decided on the first datagram. Follows nDPI's tuya_lp.c.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('TuyaLP');

export function isTuyaLp(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  return n >= 16 && u32(b, s) === 0x000055aa && n >= u32(b, s + 4) &&
    b[e - 4] === 0 && b[e - 3] === 0 && b[e - 2] === 0xaa && b[e - 1] === 0x55;
}

export const tuyaLp: Dissector = {
  name: 'TuyaLP',
  transports: [17],
  ports: [6666, 6667],
  pre: { udp: { minLen: 16, at: 2, bytes: [0x55] } }, // 0x000055aa
  dissect(inp: DissectInput): Verdict {
    if (!isTuyaLp(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
