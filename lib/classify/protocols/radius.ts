/**
 * RADIUS (RFC 2865/2866) over UDP on ports 1812, 1813 or 18013 (either side): a packet of
 * 20-4096 bytes with a code 1-13 and a length equal to the datagram's. On those ports a
 * size outside 20-4096 excludes; otherwise nDPI keeps looking for three packets. Follows
 * nDPI's radius_proto.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Radius');

function radiusPort(p: number): boolean {
  return p === 1812 || p === 1813 || p === 18013;
}

export const radius: Dissector = {
  name: 'Radius',
  transports: [17],
  ports: [1812, 1813, 18013],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const n = inp.len;
    if (radiusPort(inp.sport) || radiusPort(inp.dport)) {
      if (n < 20 || n > 4096) return Verdict.No;
      const b = inp.data;
      const s = inp.off;
      if (b[s] > 0 && b[s] <= 13 && u16(b, s + 2) === n) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
    }
    return inp.packetIndex + 1 > 3 ? Verdict.No : Verdict.More;
  },
};
