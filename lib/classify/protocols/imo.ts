import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

/**
 * IMO's voice/video calls over UDP, following nDPI's imo.c: two consecutive one-byte
 * datagrams with the same byte, or a datagram of one of the known shapes (10 bytes
 * 09 02 …, 11 bytes 00 09 03 …, 1099 bytes 88 49 1A 00 …). Other datagrams break the
 * one-byte pair; after ten packets one of them ends the search. A weak shape: kept in the
 * heuristic block.
 */
const IMO = protocolId('IMO');

/** The previous datagram's byte when it was a one-byte datagram, else -1. */
const lastByte = new FlowState<{ v: number }>(() => ({ v: -1 }));

function knownShape(b: Uint8Array, o: number, n: number): boolean {
  if (n === 10) return b[o] === 0x09 && b[o + 1] === 0x02;
  if (n === 11) return b[o] === 0x00 && b[o + 1] === 0x09 && b[o + 2] === 0x03;
  if (n === 1099) return b[o] === 0x88 && b[o + 1] === 0x49 && b[o + 2] === 0x1a && b[o + 3] === 0x00;
  return false;
}

export const imo: Dissector = {
  name: 'IMO',
  transports: [17],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (n === 1) {
      const st = lastByte.get(inp.flow);
      if (st.v === b[o]) {
        setProto(inp.flow, 0, IMO);
        return Verdict.Yes;
      }
      st.v = b[o];
      return Verdict.More;
    }
    if (knownShape(b, o, n)) {
      setProto(inp.flow, 0, IMO);
      return Verdict.Yes;
    }
    if (inp.packetIndex + 1 > 10) return Verdict.No;
    const st = lastByte.peek(inp.flow);
    if (st !== undefined) st.v = -1;
    return Verdict.More;
  },
};
