/**
 * Nest (Google) log sink, following nDPI's nest_log_sink.c: on TCP port 11095, segments of
 * at least 8 bytes whose bytes 1..3 are ≤ 2, 0x00 or 0x10, and 0x13; the third such
 * segment decides. A shorter segment, or another port, rules it out.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('NestLogSink');
const PORT = 11095;
const cursor = new SegmentCursor();
const matches = new FlowState<{ n: number }>(() => ({ n: 0 }));

export const nestLogSink: Dissector = {
  name: 'NestLogSink',
  transports: [6],
  ports: [PORT],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    if (n < 8 || (inp.sport !== PORT && inp.dport !== PORT)) return Verdict.No;
    if (b[s + 1] <= 2 && (b[s + 2] === 0 || b[s + 2] === 0x10) && b[s + 3] === 0x13) {
      const st = matches.get(inp.flow);
      if (++st.n === 3) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
    }
    return cursor.more(inp);
  },
};
