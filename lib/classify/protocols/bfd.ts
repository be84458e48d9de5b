/**
 * BFD (Bidirectional Forwarding Detection, RFC 5880/5881) over UDP: an echo packet of
 * exactly 12 bytes to port 3785 whose first 64 bits are 1 and last 16 bits 0, or a control
 * packet of 24-100 bytes to port 3784 with version 0 or 1 and a length byte equal to the
 * datagram's. Decided on the first datagram. Follows nDPI's bfd.c.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('BFD');

export function isBfd(b: Uint8Array, s: number, e: number, dport: number): boolean {
  const n = e - s;
  if (n === 12 && dport === 3785 && u32(b, s) === 0 && u32(b, s + 4) === 1 && u16(b, e - 2) === 0) return true;
  return n > 23 && n <= 100 && dport === 3784 && b[s] >> 5 < 2 && b[s + 3] === n;
}

export const bfd: Dissector = {
  name: 'BFD',
  transports: [17],
  ports: [3784, 3785],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (!isBfd(inp.data, inp.off, inp.off + inp.len, inp.dport)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
