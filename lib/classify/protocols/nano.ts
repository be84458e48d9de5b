/**
 * Nano (cryptocurrency) node protocol, following nDPI's src/lib/protocols/nano.c: the first
 * TCP payload packet (over 32 bytes) starts with the network id "RC", then the maximum
 * protocol version 20, the version in use 18..20, the minimum version 18..19, and a
 * message type up to 0x0F. Anything else excludes the flow.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Nano');
const MIN_VER = 18;
const MAX_VER = 20;

export const nano: Dissector = {
  name: 'Nano',
  transports: [6],
  pre: { tcp: { minLen: 33, bytes: [0x52] } }, // "RC"
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.packetIndex !== 0 || inp.len <= 32 || b[s] !== 0x52 || b[s + 1] !== 0x43) return Verdict.No;
    const maxV = b[s + 2];
    const useV = b[s + 3];
    const minV = b[s + 4];
    if (maxV === MAX_VER && useV >= MIN_VER && useV <= MAX_VER && minV >= MIN_VER && minV < MAX_VER && b[s + 5] <= 0x0f) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
