/**
 * Nintendo (Switch online play), as nDPI's nintendo.c: a UDP datagram longer than 48
 * bytes that starts with 32 AB 98 64 02. Decided on the first datagram.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Nintendo');

export const nintendo: Dissector = {
  name: 'Nintendo',
  transports: [17],
  pre: { udp: { minLen: 49, bytes: [0x32] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    if (inp.len <= 48 || b[o] !== 0x32 || b[o + 1] !== 0xab || b[o + 2] !== 0x98 || b[o + 3] !== 0x64 || b[o + 4] !== 0x02)
      return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
