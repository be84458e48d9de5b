/**
 * PFCP (Packet Forwarding Control Protocol, 3GPP TS 29.244) over UDP port 8805 (either
 * side): a header of more than 12 bytes with version 1 in the low nibble of byte 0 nDPI
 * reads, a message type up to 57 (nDPI's range test) and a length covering what follows the
 * first 4 bytes. Decided on the first datagram. Follows nDPI's pfcp.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('PFCP');

export function isPfcp(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  return n > 12 && (b[s] & 0x0f) === 1 && b[s + 1] <= 57 && u16(b, s + 2) === n - 4;
}

export const pfcp: Dissector = {
  name: 'PFCP',
  transports: [17],
  ports: [8805],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== 8805 && inp.dport !== 8805) return Verdict.No;
    if (!isPfcp(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
