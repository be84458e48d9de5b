/**
 * Gnutella, the robust subset of nDPI's rules: the TCP handshake "GNUTELLA CONNECT/" and
 * its "GNUTELLA/" reply, and two fixed TLS-looking ClientHellos that Gnutella clients
 * send (a record of exactly 89 bytes whose random starts 4D 6C and offers only cipher
 * 0x0034, and one of exactly 82 bytes, cipher 0x0034, no extensions). The TLS patterns may
 * follow a lone first byte in the same stream (nDPI sees them as a separate segment).
 * nDPI's other Gnutella rules (UDP byte patterns at fixed offsets, HTTP GETs with
 * Gnutella headers) are left out: they would claim unrelated traffic.
 */
import { startsWith, u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Gnutella');
const HELLO_89 = [0x16, 0x03, 0x01, 0x00, 0x54, 0x01, 0x00, 0x00, 0x50, 0x03, 0x01, 0x4d, 0x6c];
const HELLO_89_TAIL = [0x00, 0x02, 0x00, 0x34, 0x01, 0x00, 0x00, 0x05];

function match(b: Uint8Array, at: number, bytes: readonly number[]): boolean {
  for (let i = 0; i < bytes.length; i++) if (b[at + i] !== bytes[i]) return false;
  return true;
}

/** One of the two fixed hellos as a whole record at b[p..e). */
function fixedHello(b: Uint8Array, p: number, e: number): boolean {
  const n = e - p;
  if (n === 89)
    return match(b, p, HELLO_89) && b[p + 43] === 0x20 && b[p + 44] === 0x4d && b[p + 45] === 0x6c &&
      match(b, p + 76, HELLO_89_TAIL);
  if (n === 82)
    return b[p] === 0x16 && b[p + 1] === 0x03 && b[p + 2] === 0x01 && b[p + 3] === 0x00 && b[p + 4] === 0x4d &&
      b[p + 5] === 0x01 && b[p + 6] === 0x00 && b[p + 7] === 0x00 && b[p + 8] === 0x49 && b[p + 9] === 0x03 &&
      u16(b, p + 76) === 0x0002 && u16(b, p + 78) === 0x0034 && u16(b, p + 80) === 0x0100;
  return false;
}

/** b[s..e) is a prefix of text (or text a prefix of it). */
function prefixOf(b: Uint8Array, s: number, e: number, text: string): boolean {
  const n = Math.min(e - s, text.length);
  for (let i = 0; i < n; i++) if (b[s + i] !== text.charCodeAt(i)) return false;
  return true;
}

export const gnutella: Dissector = {
  name: 'Gnutella',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if ((e - s > 17 && startsWith(b, s, e, 'GNUTELLA CONNECT/')) || (e - s > 10 && startsWith(b, s, e, 'GNUTELLA/')) ||
        fixedHello(b, s, e) || (e - s > 1 && fixedHello(b, s + 1, e))) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    // a lone byte, or the start of the handshake text: look again at the next segment
    if (e - s === 1 || (e - s < 17 && prefixOf(b, s, e, 'GNUTELLA'))) {
      return inp.packetIndex < 3 ? Verdict.More : Verdict.No;
    }
    return Verdict.No;
  },
};
