/**
 * AVAST (antivirus cloud traffic), after nDPI's avast.c: a TCP packet that starts with
 * "NOSA" followed by a 16-bit big-endian length equal to the packet's payload length.
 * nDPI decides on the first payload packet: anything else excludes it.
 */
import { startsWith, u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('AVAST');

export const avast: Dissector = {
  name: 'AVAST',
  transports: [6],
  pre: { tcp: { minLen: 6, bytes: [0x4e] } }, // "NOSA"
  dissect(inp: DissectInput): Verdict {
    const { data, off, len } = inp;
    if (inp.packetIndex > 0 || len < 6 || !startsWith(data, off, off + len, 'NOSA')) return Verdict.No;
    if (u16(data, off + 4) !== len) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
