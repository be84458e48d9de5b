/**
 * GTP (3GPP GPRS Tunnelling Protocol) over UDP, following nDPI's src/lib/protocols/gtp.c;
 * named GTP.GTP_U, GTP.GTP_C or GTP.GTP_PRIME:
 * - GTP-U (port 2152): version 1, protocol type 1, length field within the datagram - 8;
 * - GTP-C (port 2123): version 1 with length exactly datagram - 8, at least 4 when an
 *   optional-field flag is set, message type 1..129; or version 2 with length exactly
 *   datagram - 4;
 * - GTP' (port 3386): protocol type 0, the three spare bits set, length within the
 *   datagram - 6, message type 1..7, 240 or 241.
 * The first datagram that fits none of these excludes the flow.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const GTP = protocolId('GTP');
const GTP_U = protocolId('GTP_U');
const GTP_C = protocolId('GTP_C');
const GTP_PRIME = protocolId('GTP_PRIME');
const PORT_U = 2152;
const PORT_C = 2123;
const PORT_PRIME = 3386;

function onPort(inp: DissectInput, port: number): boolean {
  return inp.sport === port || inp.dport === port;
}

function yes(inp: DissectInput, app: number): Verdict {
  setProto(inp.flow, GTP, app);
  return Verdict.Yes;
}

export const gtp: Dissector = {
  name: 'GTP',
  transports: [17],
  ports: [PORT_U, PORT_C, PORT_PRIME],
  pre: { udp: { ports: [PORT_U, PORT_C, PORT_PRIME], minLen: 5 } }, // every shape wants its port
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (n <= 4) return Verdict.No;
    const flags = b[s];
    const type = b[s + 1];
    const version = flags >> 5;
    const pt = (flags >> 4) & 1;
    const mlen = u16(b, s + 2);
    if (onPort(inp, PORT_U) && version === 1 && pt === 1 && n >= 8 && mlen <= n - 8) return yes(inp, GTP_U);
    if (onPort(inp, PORT_C) &&
        ((version === 1 && n >= 8 && mlen === n - 8 && mlen >= ((flags & 0x07) !== 0 ? 4 : 0) && type > 0 && type <= 129) ||
         (version === 2 && mlen === n - 4))) return yes(inp, GTP_C);
    if (onPort(inp, PORT_PRIME) && pt === 0 && ((flags & 0x0e) >> 1) === 7 && n >= 6 && mlen <= n - 6 &&
        ((type > 0 && type <= 7) || type === 240 || type === 241)) return yes(inp, GTP_PRIME);
    return Verdict.No;
  },
};
