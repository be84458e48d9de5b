/**
 * Nest devices' log sink over TCP port 11095 (either side): packets of at least 8 bytes;
 * three packets shaped like its records (byte 1 up to 2, byte 2 0x00 or 0x10, byte 3 0x13)
 * make the verdict. A short packet or another port excludes. Follows nDPI's
 * nest_log_sink.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { PacketView } from './packet-view.js';

const ID = protocolId('NestLogSink');
const view = new PacketView();
const matches = new FlowState<{ n: number }>(() => ({ n: 0 }));

export const nestLogSink: Dissector = {
  name: 'NestLogSink',
  transports: [6],
  ports: [11095],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const e = inp.off + inp.len;
    const p = view.start(inp);
    if (e - p < 8 || (inp.sport !== 11095 && inp.dport !== 11095)) return Verdict.No;
    const m = matches.get(inp.flow);
    if (b[p + 1] <= 2 && (b[p + 2] === 0 || b[p + 2] === 0x10) && b[p + 3] === 0x13) m.n++;
    if (m.n === 3) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    view.done(inp);
    return Verdict.More;
  },
};
