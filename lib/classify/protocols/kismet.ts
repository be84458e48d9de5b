/**
 * Kismet (wireless sniffer) client/server protocol on TCP: the payload starts with the
 * server's "*KISMET: " banner. Decided on the first payload. Follows nDPI's kismet.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Kismet');

export const kismet: Dissector = {
  name: 'Kismet',
  transports: [6],
  ports: [2501],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.len < 9 || b[s] !== 0x2a || !startsWith(b, s, s + inp.len, '*KISMET: ')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
