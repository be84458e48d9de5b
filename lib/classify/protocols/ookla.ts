import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { startsWith } from '../bytes.js';
import { setProto } from './dissect-kit.js';
import { packetStart } from './media-kit.js';

/**
 * Ookla's Speedtest control protocol on port 8080, following nDPI's ookla.c: the flow's
 * first payload packet starts with "HI" and the second with "HELLO" (the server's
 * banner). Any other first two packets, or another port, rule Ookla out.
 * Not done: nDPI's cache of the clients of detected Ookla flows, which names their other
 * flows (8080 without the greeting, TLS) Ookla too.
 */
const OOKLA = protocolId('Ookla');
const PORT = 8080;

export const ookla: Dissector = {
  name: 'Ookla',
  transports: [6, 17],
  ports: [PORT],
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    if ((f.srvPort !== PORT && f.cliPort !== PORT) || inp.packetIndex > 1) return Verdict.No;
    const b = inp.data;
    const s = inp.transport === 6 ? packetStart(inp) : inp.off;
    const e = inp.off + inp.len;
    if (inp.packetIndex === 0) return startsWith(b, s, e, 'HI') ? Verdict.More : Verdict.No;
    if (!startsWith(b, s, e, 'HELLO')) return Verdict.No;
    setProto(f, 0, OOKLA);
    return Verdict.Yes;
  },
};
