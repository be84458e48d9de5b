/**
 * Usenet / NNTP (RFC 3977), following nDPI's usenet.c: a greeting "200 " or "201 " (more
 * than 10 bytes) in one direction, then from the other side "AUTHINFO USER …" (more than
 * 20 bytes), exactly "MODE READER\r\n" or exactly "HELP\r\n". Any other segment rules
 * Usenet out.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Usenet');
const cursor = new SegmentCursor();
/** 0: nothing yet; 1 + direction of the greeting. */
const stage = new FlowState<{ v: number }>(() => ({ v: 0 }));

export const usenet: Dissector = {
  name: 'Usenet',
  transports: [6],
  ports: [119],
  pre: { tcp: { firstLook: true, minLen: 11, bytes: [0x32] } }, // a flow opens with "200 " or "201 "
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const e = inp.off + inp.len;
    const n = e - s;
    const st = stage.peek(inp.flow);
    if (st === undefined) {
      if (n > 10 && (startsWith(b, s, e, '200 ') || startsWith(b, s, e, '201 '))) {
        stage.get(inp.flow).v = 1 + inp.dir;
        return cursor.more(inp);
      }
      return Verdict.No;
    }
    if (st.v === 2 - inp.dir) {
      const ok =
        (n > 20 && startsWith(b, s, e, 'AUTHINFO USER ')) ||
        (n === 13 && startsWith(b, s, e, 'MODE READER\r\n')) ||
        (n === 6 && startsWith(b, s, e, 'HELP\r\n'));
      if (ok) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
    }
    return Verdict.No;
  },
};
