/**
 * RIPE Atlas (Magellan) probe datagrams over UDP: exactly 25 bytes starting "MGLNDD".
 * Decided on the first datagram. Follows nDPI's ripe_atlas.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('RipeAtlas');

export const ripeAtlas: Dissector = {
  name: 'RipeAtlas',
  transports: [17],
  pre: { udp: { minLen: 25, bytes: [0x4d] } }, // "MGLNDD"
  dissect(inp: DissectInput): Verdict {
    const s = inp.off;
    if (inp.len !== 25 || !startsWith(inp.data, s, s + 25, 'MGLNDD')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
