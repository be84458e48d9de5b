/**
 * GTP over UDP, by the port it uses (either side). GTP-U (2152): version 1, protocol type
 * GTP, a length no larger than what follows the 8-byte header. GTP-C (2123): version 1
 * with a length exactly covering what follows the 8-byte header (at least 4 bytes when the
 * E/S/PN flags are set) and a message type 1-129, or version 2 with a length covering what
 * follows the first 4 bytes. GTP' (3386, charging): protocol type 0, spare bits all ones,
 * a length within the datagram after the 6-byte header, and a message type 1-7, 240 or 241.
 * Verdicts GTP.GTP_U, GTP.GTP_C, GTP.GTP_PRIME. Follows nDPI's gtp.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const GTP = protocolId('GTP');
const GTP_U = protocolId('GTP_U');
const GTP_C = protocolId('GTP_C');
const GTP_PRIME = protocolId('GTP_PRIME');

function hasPort(sport: number, dport: number, p: number): boolean {
  return sport === p || dport === p;
}

/** The GTP flavour id of datagram b[s..e) between ports sport/dport, 0 when not GTP. */
export function gtpKind(b: Uint8Array, s: number, e: number, sport: number, dport: number): number {
  const n = e - s;
  if (n <= 4) return 0;
  const flags = b[s];
  const version = flags >> 5;
  const pt = (flags >> 4) & 1;
  const type = b[s + 1];
  const len = u16(b, s + 2);
  if (hasPort(sport, dport, 2152) && version === 1 && pt === 1 && n >= 8 && len <= n - 8) return GTP_U;
  if (hasPort(sport, dport, 2123)) {
    if (version === 1 && n >= 8 && len === n - 8 && len >= ((flags & 7) !== 0 ? 4 : 0) && type > 0 && type <= 129) return GTP_C;
    if (version === 2 && len === n - 4) return GTP_C;
  }
  if (hasPort(sport, dport, 3386) && pt === 0 && ((flags >> 1) & 7) === 7 && n >= 6 && len <= n - 6 &&
    ((type > 0 && type <= 7) || type === 240 || type === 241)) return GTP_PRIME;
  return 0;
}

export const gtp: Dissector = {
  name: 'GTP',
  transports: [17],
  ports: [2123, 2152, 3386],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const id = gtpKind(inp.data, inp.off, inp.off + inp.len, inp.sport, inp.dport);
    if (id === 0) return Verdict.No;
    setProto(inp.flow, GTP, id);
    return Verdict.Yes;
  },
};
