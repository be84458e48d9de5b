/**
 * CrossFire over UDP or TCP, as nDPI's crossfire.c: a UDP datagram of 8 bytes or more
 * starting C7 D9 19 99; or a first TCP payload longer than 100 bytes framed F1 … F2 with
 * 01 00 00 00 at offset 2 (the login). Anything else rules it out.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Crossfire');

function match(inp: DissectInput): boolean {
  const b = inp.data;
  const o = inp.off;
  const n = inp.len;
  if (inp.transport === 17) return n >= 8 && u32(b, o) === 0xc7d91999;
  // TCP: nDPI rules the flow out on the first payload packet that does not match
  return inp.packetIndex === 0 && n > 100 && b[o] === 0xf1 && b[o + n - 1] === 0xf2 && u32(b, o + 2) === 0x01000000;
}

export const crossfire: Dissector = {
  name: 'Crossfire',
  transports: [6, 17],
  pre: { tcp: { minLen: 101, bytes: [0xf1] }, udp: { minLen: 8, bytes: [0xc7] } },
  dissect(inp: DissectInput): Verdict {
    if (!match(inp)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
