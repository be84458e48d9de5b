/**
 * XDMCP (X Display Manager Control Protocol) and X11 setup, following nDPI's xdmcp.c:
 * - UDP to port 177: version 1, opcode 2 (Query), and a length field equal to the rest of
 *   the datagram;
 * - TCP to ports 6000-6005: a 48-byte X11 connection setup, little-endian ('l', 0),
 *   protocol 11.0 and the MIT-MAGIC-COOKIE-1 name/data lengths 0x12/0x10.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('XDMCP');

export const xdmcp: Dissector = {
  name: 'XDMCP',
  transports: [6, 17],
  ports: [177],
  pre: { tcp: { ports: [6000, 6001, 6002, 6003, 6004, 6005], minLen: 48, bytes: [0x6c] }, udp: { ports: [177], minLen: 6, bytes: [0] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    let ok: boolean;
    if (inp.transport === 6) {
      ok = inp.dport >= 6000 && inp.dport <= 6005 && n === 48 && b[s] === 0x6c && b[s + 1] === 0 && u16(b, s + 6) === 0x1200 && u16(b, s + 8) === 0x1000;
    } else {
      ok = inp.dport === 177 && n >= 6 && n === 6 + u16(b, s + 4) && u16(b, s) === 1 && u16(b, s + 2) === 2;
    }
    if (!ok) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
