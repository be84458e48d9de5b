/**
 * Java RMI (JRMP), following nDPI's jrmi.c: the first segment (more than 5 bytes, so that
 * the version follows) starts with the magic "JRMI".
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('JRMI');

export const jrmi: Dissector = {
  name: 'JRMI',
  transports: [6],
  ports: [1099],
  pre: { tcp: { minLen: 6, bytes: [0x4a] } }, // "JRMI"
  dissect(inp: DissectInput): Verdict {
    if (inp.len <= 5 || !startsWith(inp.data, inp.off, inp.off + inp.len, 'JRMI')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
