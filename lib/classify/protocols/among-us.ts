/**
 * Among Us over UDP, as nDPI's among_us.c: the handshake datagram (over 9 bytes) starting
 * 08 00 01 00 80 D9 02 03. Decided on the first datagram.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('AmongUs');

export const amongUs: Dissector = {
  name: 'AmongUs',
  transports: [17],
  ports: [22023],
  pre: { udp: { minLen: 10, bytes: [0x08] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    if (inp.len <= 9 || u32(b, o) !== 0x08000100 || u32(b, o + 4) !== 0x80d90203) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
