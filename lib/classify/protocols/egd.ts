/**
 * Ethernet Global Data (GE) over UDP/IPv4: a datagram of more than 32 bytes with type 0x0D
 * and version 1, a producer id equal to the sender's IPv4 address, a status below 31 and a
 * zero reserved word at bytes 28-31. Decided on the first datagram. Follows nDPI's egd.c.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('EthernetGlobalData');

/** EGD PDU at b[s..e) sent from IPv4 address `src` (host-order word). */
export function isEgd(b: Uint8Array, s: number, e: number, src: number): boolean {
  return e - s > 32 && b[s] === 0x0d && b[s + 1] === 0x01 && u32(b, s + 4) === src &&
    u32(b, s + 24) < 31 && u32(b, s + 28) === 0;
}

export const egd: Dissector = {
  name: 'EthernetGlobalData',
  transports: [17],
  ports: [18246],
  pre: { udp: { minLen: 33, bytes: [0x0d] } },
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    if (f.ipVersion !== 4) return Verdict.No;
    const src = inp.dir === 0 ? f.cli[0] : f.srv[0];
    if (!isEgd(inp.data, inp.off, inp.off + inp.len, src >>> 0)) return Verdict.No;
    setProto(f, 0, ID);
    return Verdict.Yes;
  },
};
