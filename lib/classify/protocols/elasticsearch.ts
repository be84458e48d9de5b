/**
 * Elasticsearch transport protocol (node-to-node, port 9300), following nDPI's
 * elastic_search.c: the segment starts with "ES" and a 32-bit message length that fits
 * in it. The first payload decides.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Elasticsearch');

export const elasticsearch: Dissector = {
  name: 'Elasticsearch',
  transports: [6],
  ports: [9300],
  pre: { tcp: { minLen: 6, bytes: [0x45] } }, // "ES"
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (n < 6 || b[s] !== 0x45 || b[s + 1] !== 0x53) return Verdict.No;
    if (n < u32(b, s + 2) + 6) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
