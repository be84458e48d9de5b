import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { hasAscii } from './media-kit.js';

/**
 * iQIYI's UDP streaming, following nDPI's iqiyi.c: a datagram of 121–299 bytes that
 * contains "PPStream" (iQIYI's P2P engine). The first datagram decides.
 */
const IQIYI = protocolId('iQIYI');

export const iqiyi: Dissector = {
  name: 'iQIYI',
  transports: [17],
  pre: { udp: { minLen: 121 } },
  dissect(inp: DissectInput): Verdict {
    const n = inp.len;
    if (n <= 120 || n >= 300 || !hasAscii(inp.data, inp.off, inp.off + n, 'PPStream')) return Verdict.No;
    setProto(inp.flow, 0, IQIYI);
    return Verdict.Yes;
  },
};
