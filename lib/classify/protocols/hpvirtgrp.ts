/**
 * HP Virtual Machine Group Management, following nDPI's hpvirtgrp.c: the flow's first TCP
 * segment is 0x16, a 16-bit length equal to the segment's length, then 0x00.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HP_VIRTGRP');

export const hpvirtgrp: Dissector = {
  name: 'HP_VIRTGRP',
  transports: [6],
  pre: { tcp: { minLen: 4, bytes: [0x16] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (inp.packetIndex !== 0 || n < 4) return Verdict.No;
    if (b[s] !== 0x16 || b[s + 3] !== 0 || u16(b, s + 1) !== n) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
