/**
 * OpenWire (Apache ActiveMQ's wire format), following nDPI's openwire.c: the first segment
 * (more than 22 bytes) is one command whose 32-bit size is the rest of the segment, of
 * type 1 (WireFormatInfo), carrying the magic "ActiveMQ".
 */
import { startsWith, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('OpenWire');

export const openwire: Dissector = {
  name: 'OpenWire',
  transports: [6],
  ports: [61616],
  pre: { tcp: { minLen: 23, at: 4, bytes: [1] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (n <= 22 || u32(b, s) !== n - 4 || b[s + 4] !== 1 || !startsWith(b, s + 5, s + n, 'ActiveMQ')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
