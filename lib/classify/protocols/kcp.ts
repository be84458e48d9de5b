/**
 * KCP (the ARQ protocol of skywind3000/kcp) over UDP or TCP, as nDPI's kcp.c: a 24-byte
 * header (conversation id, command, fragment count, window, timestamp, serial numbers,
 * little-endian data length) whose command is PUSH, ACK, WASK or WINS (81..84) and whose
 * length field plus 24 is exactly the packet length. Decided on the first packet.
 */
import { u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('KCP');
const HEADER = 24;

export const kcp: Dissector = {
  name: 'KCP',
  transports: [6, 17],
  pre: { tcp: { minLen: HEADER, at: 4, bytes: [81, 82, 83, 84] }, udp: { minLen: HEADER, at: 4, bytes: [81, 82, 83, 84] } }, // cmd
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    // TCP: the first segment is the stream start (nDPI rules it out on the first miss)
    if (n < HEADER || (inp.transport === 6 && inp.packetIndex !== 0)) return Verdict.No;
    const cmd = b[o + 4];
    if (cmd < 81 || cmd > 84 || u32le(b, o + 20) + HEADER !== n) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
