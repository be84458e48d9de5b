/**
 * Cisco Meraki cloud tunnel over UDP port 7351 (either side): datagrams of more than 4
 * bytes opening with the magic FE F7 28 91. Decided on the first datagram. Follows nDPI's
 * merakicloud.c.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('MerakiCloud');

export const merakiCloud: Dissector = {
  name: 'MerakiCloud',
  transports: [17],
  ports: [7351],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    if (f.cliPort !== 7351 && f.srvPort !== 7351) return Verdict.No;
    if (inp.len <= 4 || u32(inp.data, inp.off) !== 0xfef72891) return Verdict.No;
    setProto(f, 0, ID);
    return Verdict.Yes;
  },
};
