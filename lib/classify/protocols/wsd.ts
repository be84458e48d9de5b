/**
 * WS-Discovery over UDP: a SOAP/XML datagram of at least 40 bytes starting "<?xml", sent to
 * port 3702 at a multicast address (IPv4 224.0.0.0/4, IPv6 ff02::/32). Decided on the first
 * datagram. Follows nDPI's wsd.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('WSD');

export const wsd: Dissector = {
  name: 'WSD',
  transports: [17],
  ports: [3702],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    if (inp.dport !== 3702 || inp.len < 40) return Verdict.No;
    const dst = inp.dir === 0 ? f.srv : f.cli;
    const multicast = f.ipVersion === 4 ? (dst[0] >>> 28) === 0xe : dst[0] >>> 0 === 0xff020000;
    if (!multicast || !startsWith(inp.data, inp.off, inp.off + inp.len, '<?xml')) return Verdict.No;
    setProto(f, 0, ID);
    return Verdict.Yes;
  },
};
