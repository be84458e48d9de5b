/**
 * AVAST SecureDNS, after nDPI's avast_securedns.c: the flow's first UDP datagram (34 bytes
 * or more) carries the 32-bit value 0x00013209 at byte 11 followed by "securedns"
 * (case-insensitive) at byte 15. Anything else excludes it.
 */
import { startsWithLower, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('AVASTSecureDNS');

export const avastSecureDns: Dissector = {
  name: 'AVASTSecureDNS',
  transports: [17],
  pre: { udp: { minLen: 34, at: 13, bytes: [0x32] } }, // 0x00013209 at 11
  dissect(inp: DissectInput): Verdict {
    const { data, off, len } = inp;
    if (inp.packetIndex > 0 || len < 34 || u32(data, off + 11) !== 0x00013209) return Verdict.No;
    if (!startsWithLower(data, off + 15, off + len, 'securedns')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
