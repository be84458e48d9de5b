/**
 * CORBA, following nDPI's corba.c: a TCP segment of at least 24 bytes starting with the
 * GIOP ("General Inter-ORB Protocol") or ZIOP (zipped) magic, or a UDP datagram longer
 * than 32 bytes starting with MIOP (unreliable multicast). The first payload decides.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Corba');

export const corba: Dissector = {
  name: 'Corba',
  transports: [6, 17],
  pre: { tcp: { minLen: 24, bytes: [0x47, 0x5a] }, udp: { minLen: 33, bytes: [0x4d] } }, // GIOP/ZIOP, MIOP
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    let ok: boolean;
    if (inp.transport === 6) ok = inp.len >= 24 && (startsWith(b, s, e, 'GIOP') || startsWith(b, s, e, 'ZIOP'));
    else ok = inp.len > 32 && startsWith(b, s, e, 'MIOP');
    if (!ok) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
