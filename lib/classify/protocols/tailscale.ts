/**
 * Tailscale discovery (disco) messages, following nDPI's src/lib/protocols/tailscale.c: a
 * UDP datagram longer than 6 bytes starting with the disco magic "TS" + U+1F4AC (54 53 F0
 * 9F 92 AC), on a flow with port 41641 on either side. Any other datagram excludes.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Tailscale');
const PORT = 41641;
const MAGIC = [0x54, 0x53, 0xf0, 0x9f, 0x92, 0xac];

export const tailscale: Dissector = {
  name: 'Tailscale',
  transports: [17],
  ports: [PORT],
  // its first check answers No on any other port: never tried on other flows
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const f = inp.flow;
    if (inp.len <= MAGIC.length || (f.cliPort !== PORT && f.srvPort !== PORT)) return Verdict.No;
    for (let i = 0; i < MAGIC.length; i++) if (b[s + i] !== MAGIC[i]) return Verdict.No;
    setProto(f, 0, ID);
    return Verdict.Yes;
  },
};
