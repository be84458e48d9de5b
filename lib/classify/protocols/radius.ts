/**
 * RADIUS (RFC 2865/2866), following nDPI's radius_proto.c: a datagram to or from port
 * 1812, 1813 or 18013, of 20..4096 bytes, with code 1..13 and a length field equal to the
 * datagram. Other datagrams are skipped for the flow's first 3.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Radius');
const PORTS: readonly number[] = [1812, 1813, 18013];

export const radius: Dissector = {
  name: 'Radius',
  transports: [17],
  ports: [1812, 1813, 18013],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (PORTS.includes(inp.sport) || PORTS.includes(inp.dport)) {
      const b = inp.data;
      const s = inp.off;
      const n = inp.len;
      if (n < 20 || n > 4096) return Verdict.No;
      if (b[s] > 0 && b[s] <= 13 && u16(b, s + 2) === n) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
    }
    return inp.packetIndex + 1 > 3 ? Verdict.No : Verdict.More;
  },
};
