/**
 * BACnet/IP over UDP: a BVLC header — type 0x81, a function up to 0x0B and a length equal
 * to the datagram's. Decided on the first datagram. Follows nDPI's bacnet.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('BACnet');

export function isBacnet(b: Uint8Array, s: number, e: number): boolean {
  return e - s >= 4 && b[s] === 0x81 && b[s + 1] <= 0x0b && u16(b, s + 2) === e - s;
}

export const bacnet: Dissector = {
  name: 'BACnet',
  transports: [17],
  ports: [47808],
  pre: { udp: { minLen: 4, bytes: [0x81] } },
  dissect(inp: DissectInput): Verdict {
    if (!isBacnet(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
