import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32 } from '../bytes.js';
import { setOther, setProto, text } from './dissect-kit.js';

/**
 * Xiaomi's push / chat protocol over TCP (port 5222), following nDPI's xiaomi.c: a packet
 * whose header is C2 FE 00 05, a 32-bit length (the bytes after the 12-byte header) and
 * 00 02 00 16. The first payload packet decides. A client packet (to port 5222) carries
 * TLVs from offset 16 on: type 0x12 the device (xiaomi.user_agent), type 0x3a the server
 * "host[:port]" (the host part becomes flow.host, as nDPI's Hostname).
 */
const XIAOMI = protocolId('Xiaomi');
const MAGIC = 0xc2fe0005;
const TAIL = 0x00020016;

function metadata(inp: DissectInput, b: Uint8Array, s: number, e: number): void {
  let p = s + 16;
  for (let k = 0; k < 64 && p + 1 < e; k++) {
    const op = b[p];
    const n = b[p + 1];
    p += 2;
    if (op === 0x28 || op === 0x08) continue; // these two carry no length/value pair
    if (p + n >= e) break;
    if (op === 0x12) {
      const ua = text(b, p, p + n);
      if (ua !== '') setOther(inp.flow, 'xiaomi.user_agent', ua);
    } else if (op === 0x3a && inp.flow.host === '') {
      let c = p;
      while (c < p + n && b[c] !== 0x3a) c++;
      inp.flow.host = text(b, p, c);
    }
    p += n;
  }
}

export const xiaomi: Dissector = {
  name: 'Xiaomi',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = inp.off + inp.len;
    const n = e - s;
    if (n < 12 || u32(b, s) !== MAGIC || u32(b, s + 8) !== TAIL || u32(b, s + 4) + 12 !== n) return Verdict.No;
    setProto(inp.flow, 0, XIAOMI);
    if (inp.dport === 5222) metadata(inp, b, s, e);
    return Verdict.Yes;
  },
};
