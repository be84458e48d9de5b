/**
 * CPHA (Check Point High Availability / ClusterXL) over UDP/IPv4: port 8116 on both sides,
 * sent from 0.0.0.0, more than 20 bytes opening with the magic 0x1A90. Decided on the
 * first datagram. Follows nDPI's cpha.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('CPHA');

export const cpha: Dissector = {
  name: 'CPHA',
  transports: [17],
  ports: [8116],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    const b = inp.data;
    const s = inp.off;
    const src = inp.dir === 0 ? f.cli : f.srv;
    if (inp.len <= 20 || b[s] !== 0x1a || b[s + 1] !== 0x90 || f.ipVersion !== 4 ||
      inp.sport !== 8116 || inp.dport !== 8116 || src[0] !== 0) return Verdict.No;
    setProto(f, 0, ID);
    return Verdict.Yes;
  },
};
