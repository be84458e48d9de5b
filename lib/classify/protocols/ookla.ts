/**
 * Ookla Speedtest's own protocol on port 8080, after nDPI's ookla.c: the flow's first payload
 * packet starts "HI" and the second "HELLO" (the server's greeting with its version).
 * Anything else excludes it. (nDPI also names later flows of a client that ran a test from
 * a cache of addresses, and Speedtest URLs inside HTTP: http.ts does the latter.)
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Ookla');
const PORT = 8080;

export const ookla: Dissector = {
  name: 'Ookla',
  transports: [6, 17],
  ports: [PORT],
  // its first check answers No on any other port: never tried on other flows
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const { data, off, len, flow } = inp;
    if (flow.srvPort !== PORT && flow.cliPort !== PORT) return Verdict.No;
    const end = off + len;
    if (inp.packetIndex === 0) return startsWith(data, off, end, 'HI') ? Verdict.More : Verdict.No;
    if (inp.packetIndex === 1 && startsWith(data, off, end, 'HELLO')) {
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
