import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

/**
 * MPEG transport stream over UDP (ISO/IEC 13818-1), following nDPI's mpegts.c: a datagram
 * made of whole 188-byte TS packets, each starting with the sync byte 0x47. The first
 * datagram decides.
 */
const MPEG_TS = protocolId('MPEG_TS');
const TS = 188;

export const mpegts: Dissector = {
  name: 'MPEG_TS',
  transports: [17],
  pre: { udp: { minLen: TS, bytes: [0x47] } }, // whole 188-byte packets, sync byte first
  dissect(inp: DissectInput): Verdict {
    const n = inp.len;
    if (n === 0 || n % TS !== 0) return Verdict.No;
    for (let p = inp.off; p < inp.off + n; p += TS) if (inp.data[p] !== 0x47) return Verdict.No;
    setProto(inp.flow, 0, MPEG_TS);
    return Verdict.Yes;
  },
};
