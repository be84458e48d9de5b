/**
 * DLEP (Dynamic Link Exchange Protocol, RFC 8175). UDP: peer discovery datagrams of more
 * than 27 bytes starting "DLEP". TCP on port 854 (either side): a session message whose
 * type is below 0x11 and whose 16-bit length covers the rest of the packet. Decided on the
 * first payload. Follows nDPI's dlep.c.
 */
import { startsWith, u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('DLEP');

export function isDlep(b: Uint8Array, s: number, e: number, tcp: boolean, sport: number, dport: number): boolean {
  const n = e - s;
  if (!tcp) return n > 27 && startsWith(b, s, e, 'DLEP');
  if (n <= 8 || (sport !== 854 && dport !== 854)) return false;
  return u16(b, s) < 0x11 && u16(b, s + 2) === n - 4;
}

export const dlep: Dissector = {
  name: 'DLEP',
  transports: [6, 17],
  ports: [854],
  pre: { tcp: { ports: [854], minLen: 9, bytes: [0] }, udp: { minLen: 28, bytes: [0x44] } }, // TCP: a signal type below 0x11; UDP "DLEP"
  dissect(inp: DissectInput): Verdict {
    if (!isDlep(inp.data, inp.off, inp.off + inp.len, inp.transport === 6, inp.sport, inp.dport)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
