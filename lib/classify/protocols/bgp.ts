/**
 * BGP-4 (RFC 4271): every message starts with a 16-byte marker of all ones, a 16-bit
 * length (19..4096, or up to 65535 with RFC 8654 extended messages) and a type (1 OPEN,
 * 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH). Works from either direction.
 * Metadata from an OPEN: bgp.version, bgp.asn (My Autonomous System), bgp.router_id.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('BGP');

/** The BGP message type at b[s..e): 1..5, 0 when not BGP, -1 when more bytes are needed. */
export function bgpMessage(b: Uint8Array, s: number, e: number): number {
  const n = Math.min(e - s, 16);
  for (let i = 0; i < n; i++) if (b[s + i] !== 0xff) return 0;
  if (e - s < 19) return -1;
  const len = u16(b, s + 16);
  const type = b[s + 18];
  if (len < 19 || type < 1 || type > 5) return 0;
  if (type === 4 && len !== 19) return 0; // KEEPALIVE is the bare header
  return type;
}

export const bgp: Dissector = {
  name: 'BGP',
  transports: [6],
  ports: [179, 2605],
  pre: { tcp: { bytes: [0xff] } }, // the marker
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    const t = bgpMessage(b, s, e);
    if (t === 0) return Verdict.No;
    if (t < 0) return inp.packetIndex < 4 ? Verdict.More : Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, ID);
    // OPEN: version (1), My AS (2), hold time (2), BGP identifier (4)
    if (t === 1 && e - s >= 29) {
      setOther(flow, 'bgp.version', b[s + 19]);
      setOther(flow, 'bgp.asn', u16(b, s + 20));
      setOther(flow, 'bgp.router_id', `${b[s + 24]}.${b[s + 25]}.${b[s + 26]}.${b[s + 27]}`);
    }
    return Verdict.Yes;
  },
};
