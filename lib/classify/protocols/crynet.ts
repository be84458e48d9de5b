/**
 * CryNetwork (CryEngine multiplayer, e.g. Warface) over UDP, as nDPI's crynet.c: a datagram
 * of 26 bytes or more whose first byte is its length minus 10, with 08 ED at offset 3, 0x01
 * at offset 16, 0x07 at offset 20 and 03 07 at offset 24. Decided on the first datagram.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('CryNetwork');

export const crynet: Dissector = {
  name: 'CryNetwork',
  transports: [17],
  pre: { udp: { minLen: 26, at: 3, bytes: [0x08] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (n < 26 || b[o] + 10 !== n) return Verdict.No;
    if (u16(b, o + 3) !== 0x08ed || b[o + 16] !== 0x01 || b[o + 20] !== 0x07 || u16(b, o + 24) !== 0x0307) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
