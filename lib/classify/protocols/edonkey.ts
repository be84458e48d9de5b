/**
 * eDonkey / eMule TCP, following nDPI's src/lib/protocols/edonkey.c: the first payload
 * packet starts with the protocol byte (0xE3 eDonkey, 0xC5 eMule extensions, 0xD4 eMule
 * compressed) and a little-endian 32-bit length equal to the rest of the packet (length - 5).
 * Any other first packet excludes the flow.
 */
import { u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('eDonkey');

export const edonkey: Dissector = {
  name: 'eDonkey',
  transports: [6],
  pre: { tcp: { minLen: 6, bytes: [0xe3, 0xc5, 0xd4] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (inp.packetIndex !== 0 || n <= 5) return Verdict.No;
    const p = b[s];
    if (p !== 0xe3 && p !== 0xc5 && p !== 0xd4) return Verdict.No;
    if (u32le(b, s + 1) !== n - 5) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
