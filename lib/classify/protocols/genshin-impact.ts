/**
 * Genshin Impact over UDP, as nDPI's genshin_impact.c: the first datagram is 20 bytes or
 * more, 00 00 00 FF then 00 00 00 00, with 49 96 02 D2 at offset 12 and FF FF FF FF at
 * offset 16 (the KCP-style connect handshake). Anything else rules it out.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('GenshinImpact');

export const genshinImpact: Dissector = {
  name: 'GenshinImpact',
  transports: [17],
  ports: [22102],
  pre: { udp: { minLen: 20, at: 3, bytes: [0xff] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    if (inp.packetIndex !== 0 || inp.len < 20) return Verdict.No;
    if (u32(b, o) !== 0xff || u32(b, o + 4) !== 0 || u32(b, o + 12) !== 0x499602d2 || u32(b, o + 16) !== 0xffffffff) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
