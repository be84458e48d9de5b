/**
 * H.323. TCP: a packet of more than 20 bytes with a valid TPKT header carrying either H.245
 * (byte 7 is an OBJECT IDENTIFIER tag 0x06 followed by the protocolIdentifier prefix
 * 00 08 81 75) or H.225.0 call signalling (a Q.931 protocol discriminator 0x08 and a call
 * reference length up to 3). UDP port 1719 (either side): H.225.0 RAS, whose byte 4 is an
 * OID tag followed by 00 08 91 4A. Decided on the first payload. Follows nDPI's h323.c.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { isTpkt } from './packet-view.js';

const ID = protocolId('H323');

export function isH323(b: Uint8Array, s: number, e: number, tcp: boolean, sport: number, dport: number): boolean {
  const n = e - s;
  if (tcp) {
    if (!isTpkt(b, s, e) || n <= 20) return false;
    if (b[s + 7] === 0x06 && u32(b, s + 8) === 0x00088175) return true;
    return b[s + 4] === 0x08 && (b[s + 5] & 0x0f) <= 3;
  }
  if (sport !== 1719 && dport !== 1719) return false;
  return n > 20 && b[s + 4] === 0x06 && u32(b, s + 5) === 0x0008914a;
}

export const h323: Dissector = {
  name: 'H323',
  transports: [6, 17],
  ports: [1719, 1720],
  dissect(inp: DissectInput): Verdict {
    if (!isH323(inp.data, inp.off, inp.off + inp.len, inp.transport === 6, inp.sport, inp.dport)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
