/**
 * RTPS (DDS Real-Time Publish Subscribe) over UDP: a header of at least 16 bytes starting
 * "RTPS" (or "RTPX") with protocol version 2.0-2.5. Decided on the first datagram.
 * Follows nDPI's rtps.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('RTPS');

export function isRtps(b: Uint8Array, s: number, e: number): boolean {
  return e - s >= 16 && b[s] === 0x52 && b[s + 1] === 0x54 && b[s + 2] === 0x50 &&
    (b[s + 3] === 0x53 || b[s + 3] === 0x58) && b[s + 4] === 2 && b[s + 5] <= 5;
}

export const rtps: Dissector = {
  name: 'RTPS',
  transports: [17],
  ports: [7400, 7401, 7410],
  pre: { udp: { minLen: 16, bytes: [0x52] } }, // "RTPS", "RTPX"
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (!isRtps(b, s, s + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    setOther(inp.flow, 'rtps.version', `${b[s + 4]}.${b[s + 5]}`);
    return Verdict.Yes;
  },
};
