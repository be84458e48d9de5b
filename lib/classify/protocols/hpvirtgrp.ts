/**
 * HP Virtual Machine Group Management over TCP: the flow's first payload packet is at least
 * 4 bytes, opens with 0x16, carries its own length in bytes 1-2 and a zero byte 3. Any other
 * first packet excludes. Follows nDPI's hpvirtgrp.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HP_VIRTGRP');

export const hpVirtGrp: Dissector = {
  name: 'HP_VIRTGRP',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.packetIndex !== 0 || inp.len < 4 || b[s] !== 0x16 || b[s + 3] !== 0 || u16(b, s + 1) !== inp.len) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
