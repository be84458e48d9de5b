/**
 * UFTP (encrypted multicast file transfer), following nDPI's uftp.c: a datagram of more
 * than 23 bytes starting with the version 0x40 or 0x50, a message type below 22 at
 * offset 1, 0 at offset 15 and the type repeated at offset 16.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('UFTP');

export const uftp: Dissector = {
  name: 'UFTP',
  transports: [17],
  ports: [1044],
  pre: { udp: { minLen: 24, bytes: [0x40, 0x50] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.len <= 23 || (b[s] !== 0x40 && b[s] !== 0x50) || b[s + 1] >= 22 || b[s + 15] !== 0 || b[s + 16] !== b[s + 1]) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
