/**
 * Icecast / SHOUTcast source connections, after nDPI's icecast.c (a streaming client
 * speaking plain HTTP is HTTP: http.ts claims it first):
 * - a client stream starting "SOURCE " (first packet under 500 bytes) with a header line
 *   starting "ice-" is IceCast;
 * - otherwise a server answer whose Server header starts "Icecast" is IceCast;
 * - the client may send up to 9 packets before the server answers; a server answer
 *   without the header excludes it.
 */
import { indexOfEol, startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('IceCast');
/** Head bytes scanned for header lines. */
const MAX_HEAD = 4096;

/** A complete line of b[from..end) starts with `prefix` (and is longer than it). */
function lineStarting(b: Uint8Array, from: number, end: number, prefix: string): boolean {
  let p = from;
  while (p < end) {
    const eol = indexOfEol(b, p, end);
    if (eol < 0) return false;
    if (eol - p > prefix.length && startsWith(b, p, eol, prefix)) return true;
    p = b[eol] === 13 ? eol + 2 : eol + 1;
  }
  return false;
}

export const icecast: Dissector = {
  name: 'IceCast',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const { data, off } = inp;
    const end = off + Math.min(inp.len, MAX_HEAD);
    if (inp.dir === 0) {
      if (startsWith(data, off, end, 'SOURCE ') && lineStarting(data, off, end, 'ice-')) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
      return inp.packetIndex + 1 < 10 ? Verdict.More : Verdict.No;
    }
    if (!lineStarting(data, off, end, 'Server: Icecast')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
