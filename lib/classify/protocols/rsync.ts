/**
 * rsync daemon protocol, following nDPI's rsync.c: a segment of at least 12 bytes that
 * starts with the greeting "@RSYNCD:" (sent by both sides, e.g. "@RSYNCD: 31.0\n").
 * nDPI keeps looking at every segment; so do we, within the classifier's packet window.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('RSYNC');
const cursor = new SegmentCursor();

export const rsync: Dissector = {
  name: 'RSYNC',
  transports: [6],
  ports: [873],
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    const e = inp.off + inp.len;
    if (e - s < 12 || !startsWith(inp.data, s, e, '@RSYNCD:')) return cursor.more(inp);
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
