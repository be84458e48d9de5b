/**
 * Xiaomi devices' cloud push channel over TCP (usually port 5222): a message of at least 12
 * bytes with the magic C2 FE 00 05, a 32-bit length of what follows the 12-byte header and
 * the constant 00 02 00 16. Decided on the first payload. On client messages (to port
 * 5222) the TLV list after byte 16 gives the user agent (type 0x12) and the server name
 * (type 0x3A, "domain:port" without the port), kept as flow.meta.other['xiaomi.user_agent']
 * and flow.host. Follows nDPI's xiaomi.c.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';

const ID = protocolId('Xiaomi');

export function isXiaomi(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  return n >= 12 && u32(b, s) === 0xc2fe0005 && u32(b, s + 4) + 12 === n && u32(b, s + 8) === 0x00020016;
}

/** The client's TLVs: types 0x28 and 0x08 carry no length-delimited value. */
function metadata(inp: DissectInput, b: Uint8Array, s: number, e: number): void {
  let p = s + 16;
  while (p + 1 < e) {
    const op = b[p];
    const len = b[p + 1];
    p += 2;
    if (op === 0x28 || op === 0x08) continue;
    if (p + len >= e) break;
    if (op === 0x12) setOther(inp.flow, 'xiaomi.user_agent', text(b, p, p + len));
    else if (op === 0x3a) {
      let q = p;
      while (q < p + len && b[q] !== 0x3a) q++;
      inp.flow.host = text(b, p, q).toLowerCase();
    }
    p += len;
  }
}

export const xiaomi: Dissector = {
  name: 'Xiaomi',
  transports: [6],
  ports: [5222],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (!isXiaomi(b, s, e)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    if (inp.dport === 5222) metadata(inp, b, s, e);
    return Verdict.Yes;
  },
};
