/**
 * WHOIS (TCP 43) and DAS (TCP 4343), following nDPI's whoisdas.c: a query sent to one of
 * these ports; its first line (the object looked up) becomes flow.host. nDPI names flows
 * seen only from the server side by port, and TLS on 4343 TLS, so only a printable text
 * query (RFC 3912: a line of text) is taken here.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto, text } from './dissect-kit.js';

const ID = protocolId('Whois-DAS');

export const whoisdas: Dissector = {
  name: 'Whois-DAS',
  transports: [6],
  ports: [43, 4343],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.dport !== 43 && inp.dport !== 4343) return Verdict.No;
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    let i = s;
    while (i < e && b[i] !== 0x0a && b[i] !== 0x0d) {
      if (b[i] < 0x20 || b[i] > 0x7e) return Verdict.No;
      i++;
    }
    const flow = inp.flow;
    setProto(flow, 0, ID);
    if (i > s) flow.host = text(b, s, i).toLowerCase();
    return Verdict.Yes;
  },
};
