/**
 * Lustre (cluster file system) LNet over TCP (IPv4 only), following nDPI's lustre.c, on
 * the first segment:
 * - the LNet hello: little-endian magic 0x45726963 or 0xacce7100, with the destination
 *   NID's address (offset 8, little-endian) equal to the packet's destination IPv4;
 * - midstream, a socklnd message (little-endian type 0xC1, more than 95 bytes) whose
 *   destination address (offset 24) is the packet's destination and whose payload length
 *   (offset 52) is the rest of the segment after the 96-byte header.
 */
import { u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Lustre');

/** The packet's destination IPv4 address (host order), or -1 for IPv6. */
function destinationV4(inp: DissectInput): number {
  const f = inp.flow;
  if (f.ipVersion !== 4) return -1;
  return (inp.dir === 0 ? f.srv[0] : f.cli[0]) >>> 0;
}

export const lustre: Dissector = {
  name: 'Lustre',
  transports: [6],
  pre: { tcp: { minLen: 16, bytes: [0x63, 0x00, 0xc1] } }, // the magics' first bytes (little-endian)
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (n <= 15) return Verdict.No;
    const dst = destinationV4(inp);
    if (dst < 0) return Verdict.No;
    const magic = u32le(b, s);
    let ok = (magic === 0x45726963 || magic === 0xacce7100) && u32le(b, s + 8) === dst;
    if (!ok && n > 95 && magic === 0xc1) ok = u32le(b, s + 24) === dst && u32le(b, s + 52) === n - 96;
    if (!ok) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
