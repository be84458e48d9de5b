/**
 * PPTP control connection (RFC 2637), following nDPI's src/lib/protocols/pptp.c: the first
 * TCP payload is a Start-Control-Connection-Request: length field (16 bits) equal to the
 * packet length, message type 1 (control), magic cookie 0x1A2B3C4D, control type 1.
 * Anything else on the first payload packet excludes the flow.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('PPTP');
const COOKIE = 0x1a2b3c4d;

export const pptp: Dissector = {
  name: 'PPTP',
  transports: [6],
  pre: { tcp: { minLen: 10, at: 3, bytes: [1] } }, // message type 1
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    // the first packet's length is what the stream holds at the first call
    if (inp.packetIndex === 0 && n >= 10 && u16(b, s) === n && u16(b, s + 2) === 1 &&
        u32(b, s + 4) === COOKIE && u16(b, s + 8) === 1) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
