/**
 * Xiaomi's push / cloud messaging over TCP (usually port 5222), after nDPI's xiaomi.c: the
 * first payload packet has the 32-bit magic 0xC2FE0005, a 32-bit length at byte 4 equal to
 * the packet length minus 12, and 0x00020016 at byte 8. Anything else excludes it.
 * A client message (to port 5222) carries a TLV list from byte 16 (type, 1-byte length;
 * types 0x28 and 0x08 have no value): type 0x3a is the server host name ("domain[:port]").
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto, text } from './dissect-kit.js';

const ID = protocolId('Xiaomi');

export const xiaomi: Dissector = {
  name: 'Xiaomi',
  transports: [6],
  pre: { tcp: { minLen: 12, bytes: [0xc2] } },
  dissect(inp: DissectInput): Verdict {
    const { data, off, len, flow } = inp;
    if (inp.packetIndex > 0 || len < 12) return Verdict.No;
    if (u32(data, off) !== 0xc2fe0005 || u32(data, off + 8) !== 0x00020016 || u32(data, off + 4) + 12 !== len) return Verdict.No;
    setProto(flow, 0, ID);
    if (inp.dport === 5222) {
      const end = off + len;
      let p = off + 16;
      while (p + 1 < end) {
        const op = data[p];
        const n = data[p + 1];
        p += 2;
        if (op === 0x28 || op === 0x08) continue;
        if (p + n >= end) break;
        if (op === 0x3a && flow.host === '') {
          let e = p;
          while (e < p + n && data[e] !== 0x3a) e++;
          flow.host = text(data, p, e).toLowerCase();
        }
        p += n;
      }
    }
    return Verdict.Yes;
  },
};
