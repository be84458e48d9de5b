/**
 * Kismet (wireless monitor) client/server protocol, following nDPI's kismet.c: the first
 * segment starts with the server greeting "*KISMET: ".
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
  pre: { tcp: { minLen: 9, bytes: [0x2a] } }, // "*KISMET: "
  dissect(inp: DissectInput): Verdict {
    if (!startsWith(inp.data, inp.off, inp.off + inp.len, '*KISMET: ')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
