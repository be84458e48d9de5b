/**
 * Sonos speakers' UDP traffic on the local network (IPv4 only): to a private, non-multicast
 * destination, either 48-byte datagrams on port 12301 (either side) or datagrams to port
 * 7080 shorter than 200 bytes or of 1001-1099 bytes. Decided on the first datagram.
 * Follows nDPI's sonos.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Sonos');

/** nDPI's ndpi_is_public_ipv4 (host-order word). */
export function isPublicIpv4(a: number): boolean {
  return !((a >>> 24) === 10 || (a & 0xfff00000) >>> 0 === 0xac100000 || (a & 0xffff0000) >>> 0 === 0xc0a80000 ||
    (a >>> 24) === 127 || (a & 0xf0000000) >>> 0 === 0xe0000000);
}

export const sonos: Dissector = {
  name: 'Sonos',
  transports: [17],
  ports: [7080, 12301],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    if (f.ipVersion !== 4) return Verdict.No;
    const dst = (inp.dir === 0 ? f.srv[0] : f.cli[0]) >>> 0;
    if (isPublicIpv4(dst) || (dst & 0xf0000000) >>> 0 === 0xe0000000) return Verdict.No;
    const n = inp.len;
    const ok = n === 48 ? inp.sport === 12301 || inp.dport === 12301 : inp.dport === 7080 && (n < 200 || (n > 1000 && n < 1100));
    if (!ok) return Verdict.No;
    setProto(f, 0, ID);
    return Verdict.Yes;
  },
};
