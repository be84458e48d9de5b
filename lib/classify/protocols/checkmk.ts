/**
 * Checkmk agent output, following nDPI's checkmk.c: a segment of 15..99 bytes starting
 * with "<<<check_mk>>>". Segments longer than 128 bytes are skipped (bulk data); anything
 * else rules it out.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('CHECKMK');
const cursor = new SegmentCursor();

export const checkmk: Dissector = {
  name: 'CHECKMK',
  transports: [6],
  ports: [6556],
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    const e = inp.off + inp.len;
    const n = e - s;
    if (n > 128) return cursor.more(inp);
    if (n >= 15 && n < 100 && startsWith(inp.data, s, e, '<<<check_mk>>>')) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
