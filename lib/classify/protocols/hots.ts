/**
 * Heroes of the Storm over UDP, as nDPI's hots.c: on Blizzard's ports 1119, 1120, 3724 or
 * 6113 (either side), an IPv4 datagram of 20..122 bytes with 40 00 at offset 14 and either
 * 03 00 or 34 00 at offset 2, or fourteen leading zero bytes. Decided on the first datagram.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Heroes_of_the_Storm');
const PORTS = [1119, 1120, 3724, 6113];

function zeros(b: Uint8Array, o: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[o + i] !== 0) return false;
  return true;
}

export const hots: Dissector = {
  name: 'Heroes_of_the_Storm',
  transports: [17],
  ports: PORTS,
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const n = inp.len;
    // nDPI registers it for IPv4 UDP only
    if (n < 20 || n > 122 || inp.flow.ipVersion !== 4 || (!PORTS.includes(inp.sport) && !PORTS.includes(inp.dport))) return Verdict.No;
    const b = inp.data;
    const o = inp.off;
    if (b[o + 14] !== 0x40 || b[o + 15] !== 0x00) return Verdict.No;
    const kind = b[o + 3] === 0x00 && (b[o + 2] === 0x03 || b[o + 2] === 0x34);
    if (!kind && !zeros(b, o, 14)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
