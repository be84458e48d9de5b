/**
 * Citrix ICA / CGP, following nDPI's citrix.c, per TCP segment: a 6-byte segment that is
 * the ICA banner 7F 7F "ICA" 00, or a segment longer than 22 bytes that starts with the
 * CGP header 1A "CGP/01" or holds "Citrix.TcpProxyService". Other 6-byte or longer
 * segments keep the search going; any other length rules Citrix out.
 */
import { indexOfAscii } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Citrix');
const ICA: readonly number[] = [0x7f, 0x7f, 0x49, 0x43, 0x41, 0x00];
const CGP: readonly number[] = [0x1a, 0x43, 0x47, 0x50, 0x2f, 0x30, 0x31];
const cursor = new SegmentCursor();

function prefix(b: Uint8Array, s: number, m: readonly number[]): boolean {
  for (let i = 0; i < m.length; i++) if (b[s + i] !== m[i]) return false;
  return true;
}

/** 1 Citrix, 0 keep looking, -1 not Citrix (nDPI's per-segment decision). */
export function citrixSegment(b: Uint8Array, s: number, n: number): number {
  if (n === 6) return prefix(b, s, ICA) ? 1 : 0;
  if (n > 22) return prefix(b, s, CGP) || indexOfAscii(b, s, s + n, 'Citrix.TcpProxyService') >= 0 ? 1 : 0;
  return -1;
}

export const citrix: Dissector = {
  name: 'Citrix',
  transports: [6],
  ports: [1494, 2598],
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    const r = citrixSegment(inp.data, s, inp.off + inp.len - s);
    if (r < 0) return Verdict.No;
    if (r === 0) return cursor.more(inp);
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
