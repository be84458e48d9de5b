/**
 * Yojimbo / netcode.io over UDP, as nDPI's yojimbo.c: a connection-request packet, a zero
 * prefix byte then the 8-byte protocol tag "NETCODE " (at least 9 bytes). Decided on the
 * first datagram.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { startsWith } from '../bytes.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Yojimbo');

export const yojimbo: Dissector = {
  name: 'Yojimbo',
  transports: [17],
  pre: { udp: { minLen: 9, bytes: [0] } }, // 0, "NETCODE "
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    if (inp.len < 9 || b[o] !== 0x00 || !startsWith(b, o + 1, o + inp.len, 'NETCODE ')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
