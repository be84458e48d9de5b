import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32 } from '../bytes.js';
import { setProto } from './dissect-kit.js';

/**
 * Amazon (Prime) Video's streaming transport, following nDPI's amazon_video.c: a first
 * payload packet of more than 4 bytes starting FE ED FA CE over TCP, or DE AD BE EF over
 * UDP.
 */
const AMAZON_VIDEO = protocolId('AmazonVideo');

export const amazonVideo: Dissector = {
  name: 'AmazonVideo',
  transports: [6, 17],
  pre: { tcp: { minLen: 5, bytes: [0xfe] }, udp: { minLen: 5, bytes: [0xde] } }, // 0xfeedface, 0xdeadbeef
  dissect(inp: DissectInput): Verdict {
    if (inp.packetIndex !== 0 || inp.len <= 4) return Verdict.No;
    const head = u32(inp.data, inp.off);
    if (head !== (inp.transport === 6 ? 0xfeedface : 0xdeadbeef)) return Verdict.No;
    setProto(inp.flow, 0, AMAZON_VIDEO);
    return Verdict.Yes;
  },
};
