/**
 * The Elder Scrolls Online over TCP, as nDPI's tes_online.c: the first payload packet is at
 * least 600 bytes, starts with a 32-bit length equal to the rest of the packet, and carries
 * "eso.live" or the bytes 8B 78 9C 01 somewhere (their offset varies with the account name).
 * Anything else rules it out.
 */
import { indexOfAscii, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('TES_Online');

function hasMagic(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i + 4 <= e; i++) if (b[i] === 0x8b && b[i + 1] === 0x78 && b[i + 2] === 0x9c && b[i + 3] === 0x01) return true;
  return false;
}

export const tesOnline: Dissector = {
  name: 'TES_Online',
  transports: [6],
  pre: { tcp: { minLen: 600 } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (inp.packetIndex !== 0 || n < 600 || u32(b, o) !== n - 4) return Verdict.No;
    const e = o + n;
    if (indexOfAscii(b, o, e, 'eso.live') < 0 && !hasMagic(b, o, e)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
