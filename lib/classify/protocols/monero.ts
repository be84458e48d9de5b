/**
 * Monero peer-to-peer (the Levin protocol), following nDPI's src/lib/protocols/monero.c:
 * the first TCP payload packet starts with the Levin signature 0x0121010101010101.
 * Anything else excludes the flow.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Monero');

export const monero: Dissector = {
  name: 'Monero',
  transports: [6],
  pre: { tcp: { minLen: 8, bytes: [0x01] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.packetIndex === 0 && inp.len >= 8 && u32(b, s) === 0x01210101 && u32(b, s + 4) === 0x01010101) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
