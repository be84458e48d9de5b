/**
 * Gearman job server protocol, following nDPI's gearman.c: the first segment (more than 12
 * bytes) is a binary packet whose magic is "\0REQ" or "\0RES".
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Gearman');

export const gearman: Dissector = {
  name: 'Gearman',
  transports: [6],
  ports: [4730],
  pre: { tcp: { minLen: 13, at: 1, bytes: [0x52] } }, // "\0RE"
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.len <= 12 || b[s] !== 0 || b[s + 1] !== 0x52 || b[s + 2] !== 0x45) return Verdict.No;
    if (b[s + 3] !== 0x51 && b[s + 3] !== 0x53) return Verdict.No; // 'Q' or 'S'
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
