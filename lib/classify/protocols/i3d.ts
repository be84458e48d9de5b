/**
 * i3D.net game-server traffic over UDP, as nDPI's i3d.c: a datagram of 74 bytes or more
 * that starts 00 01 00 46 or 00 02 00 46 with 00 03 CF A8 at offset 4, or starts 90 78 or
 * 90 67 with 00 03 CF A9 at offset 8 and BE DE 00 03 at offset 12. Decided on the first
 * datagram.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('i3D');

export const i3d: Dissector = {
  name: 'i3D',
  transports: [17],
  pre: { udp: { minLen: 74, bytes: [0x00, 0x90] } },
  dissect(inp: DissectInput): Verdict {
    if (inp.len < 74) return Verdict.No;
    const b = inp.data;
    const o = inp.off;
    const head = u32(b, o);
    const first = (head === 0x00010046 || head === 0x00020046) && u32(b, o + 4) === 0x0003cfa8;
    const h16 = head >>> 16;
    const second = !first && (h16 === 0x9078 || h16 === 0x9067) && u32(b, o + 8) === 0x0003cfa9 && u32(b, o + 12) === 0xbede0003;
    if (!first && !second) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
