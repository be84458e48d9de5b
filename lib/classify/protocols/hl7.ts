/**
 * HL7 v2.x over TCP (MLLP framing): a payload of more than 100 bytes containing a message
 * header segment "MSH|^~\&|" (field separator and the standard encoding characters).
 * Decided on the first payload. Follows nDPI's hl7.c.
 */
import { indexOfAscii } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HL7');

export const hl7: Dissector = {
  name: 'HL7',
  transports: [6],
  ports: [2575],
  dissect(inp: DissectInput): Verdict {
    const s = inp.off;
    const e = s + inp.len;
    if (inp.len <= 100 || indexOfAscii(inp.data, s, e, 'MSH|^~\\&|') < 0) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
