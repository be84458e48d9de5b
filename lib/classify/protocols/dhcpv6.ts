import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

/**
 * DHCPv6 (RFC 8415) over UDP 546 (client) ↔ 547 (server/relay): a known message type
 * (1 SOLICIT … 13 RELAY-REPL) in the first byte, as nDPI checks.
 */
const DHCPV6 = protocolId('DHCPV6');

export const dhcpv6: Dissector = {
  name: 'DHCPV6',
  transports: [17],
  ports: [546, 547],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const { sport, dport } = inp;
    if (!((sport === 546 && dport === 547) || (sport === 547 && dport === 546))) return Verdict.No;
    if (inp.len < 4) return Verdict.No;
    const type = inp.data[inp.off];
    if (type < 1 || type > 13) return Verdict.No;
    setProto(inp.flow, 0, DHCPV6);
    setOther(inp.flow, 'dhcpv6.msg_type', type);
    return Verdict.Yes;
  },
};
