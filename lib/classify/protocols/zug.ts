/**
 * ZUG consensus protocol over UDP, as nDPI's zug.c: a datagram of 5 bytes or more starting
 * 00 "zUG" followed by the byte 0x10. Decided on the first datagram.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('ZUG');

export const zug: Dissector = {
  name: 'ZUG',
  transports: [17],
  pre: { udp: { minLen: 5, at: 1, bytes: [0x7a] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    if (inp.len < 5 || u32(b, o) !== 0x007a5547 || b[o + 4] !== 0x10) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
