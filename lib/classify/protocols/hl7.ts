/**
 * HL7 v2 (health care messaging, usually MLLP-framed over TCP), following nDPI's hl7.c: the
 * first segment is longer than 100 bytes and holds a message header segment "MSH|^~\&|".
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
  pre: { tcp: { minLen: 101 } },
  dissect(inp: DissectInput): Verdict {
    if (inp.len <= 100 || indexOfAscii(inp.data, inp.off, inp.off + inp.len, 'MSH|^~\\&|') < 0) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
