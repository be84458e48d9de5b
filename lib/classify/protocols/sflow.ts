/**
 * sFlow datagrams, following nDPI's sflow.c: at least 24 bytes starting with the 32-bit
 * version 2 or 5. nDPI's verdicts reject such datagrams whose next word is not an agent
 * address type, so that word must be 1 (IPv4) or 2 (IPv6) as the sFlow specification
 * (v2, v5) defines it.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('sFlow');

export const sflow: Dissector = {
  name: 'sFlow',
  transports: [17],
  ports: [6343],
  pre: { udp: { minLen: 24, at: 3, bytes: [2, 5] } }, // version 2 or 5
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.len < 24 || b[s] !== 0 || b[s + 1] !== 0 || b[s + 2] !== 0 || (b[s + 3] !== 2 && b[s + 3] !== 5)) return Verdict.No;
    const addrType = u32(b, s + 4);
    if (addrType !== 1 && addrType !== 2) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
