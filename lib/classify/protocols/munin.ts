/**
 * Munin node protocol, following nDPI's munin.c: the first segment is the node's banner
 * "# munin node at <host>\n"; the host name becomes flow.host.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto, text } from './dissect-kit.js';

const ID = protocolId('Munin');
const PREFIX = '# munin node at ';

export const munin: Dissector = {
  name: 'Munin',
  transports: [6],
  ports: [4949],
  pre: { tcp: { minLen: PREFIX.length, bytes: [0x23] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (!startsWith(b, s, e, PREFIX)) return Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, ID);
    if (b[e - 1] === 0x0a && e - 1 > s + PREFIX.length) flow.host = text(b, s + PREFIX.length, e - 1).toLowerCase();
    return Verdict.Yes;
  },
};
