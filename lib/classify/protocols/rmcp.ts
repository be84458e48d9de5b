/**
 * RMCP (Remote Management Control Protocol: ASF / IPMI over UDP), following nDPI's
 * rmcp.c: a datagram starting with version 6, a zero reserved byte, a sequence number
 * (255 only for non-ACK messages), and a class byte whose low 7 bits are 6 (ASF) or
 * 7 (IPMI) — the top bit marks an ACK.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('RMCP');

export const rmcp: Dissector = {
  name: 'RMCP',
  transports: [17],
  ports: [623],
  pre: { udp: { minLen: 4, bytes: [6] } }, // version 6
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.len < 4 || b[s] !== 6 || b[s + 1] !== 0) return Verdict.No;
    const ack = (b[s + 3] & 0x80) !== 0;
    const cls = b[s + 3] & 0x7f;
    if ((ack && b[s + 2] === 0xff) || (cls !== 6 && cls !== 7)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
