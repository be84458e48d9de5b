/**
 * Radmin (remote administration), following nDPI's radmin.c, per TCP segment:
 * - the client's 10-byte hello (00 00 00 01 | 01 | … | 08 08 at offset 8) arms the flow;
 *   the server's 46-byte answer (00 00 00 01 | 0x25, 02 12 08 02 at offset 7, 0x0A at 13)
 *   then decides;
 * - or two 14-byte messages 00 00 00 01 | 05 | … | 27 27 at offset 8.
 * Any other segment rules Radmin out.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Radmin');
const cursor = new SegmentCursor();
const armed = new FlowState<{ v: boolean }>(() => ({ v: false }));

export const radmin: Dissector = {
  name: 'Radmin',
  transports: [6],
  ports: [4899],
  pre: { tcp: { firstLook: true, bytes: [0x01], bytesFrom: 10 } }, // 0x01000000 first, once 10 bytes are there
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    const flow = inp.flow;
    const st = armed.peek(flow);
    const isArmed = st !== undefined && st.v;
    if (n >= 10 && u32(b, s) !== 0x01000000) return Verdict.No;
    if (inp.dir === 0 && n === 10 && !isArmed && b[s + 4] === 1 && b[s + 8] === 8 && b[s + 9] === 8) {
      armed.get(flow).v = true;
      return cursor.more(inp);
    }
    if (inp.dir === 1 && n === 46 && isArmed && b[s + 4] === 0x25 && u32(b, s + 7) === 0x02120802 && b[s + 13] === 0x0a) {
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    if (n === 14 && b[s + 4] === 5 && u16(b, s + 8) === 0x2727) {
      if (!isArmed) {
        armed.get(flow).v = true;
        return cursor.more(inp);
      }
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
