/**
 * FLUTE (File Delivery over Unidirectional Transport, RFC 6726) over UDP: an ALC/LCT packet
 * of more than 250 bytes, LCT version 1 (first byte 0x10), whose header length (byte 2, in
 * 32-bit words) is followed by a File Delivery Table — "<?xml" four bytes after the LCT
 * header and "<FDT" 43 bytes after it. Decided on the first datagram. Follows nDPI's flute.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('FLUTE');

export function isFluteFdt(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n <= 250 || b[s] !== 0x10) return false;
  const h = b[s + 2] * 4;
  if (n <= h + 43 + 4) return false;
  return startsWith(b, s + h + 4, e, '<?xml') && startsWith(b, s + h + 43, e, '<FDT');
}

export const flute: Dissector = {
  name: 'FLUTE',
  transports: [17],
  pre: { udp: { minLen: 251, bytes: [0x10] } },
  dissect(inp: DissectInput): Verdict {
    if (!isFluteFdt(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
