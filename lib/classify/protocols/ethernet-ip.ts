/**
 * EtherNet/IP encapsulation over TCP port 44818 (either side): a 24-byte encapsulation
 * header whose little-endian length (bytes 2-3) counts exactly the data after it. Decided
 * on the first payload. Follows nDPI's ethernet_ip.c.
 */
import { u16le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('EthernetIP');

export const ethernetIp: Dissector = {
  name: 'EthernetIP',
  transports: [6],
  ports: [44818],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== 44818 && inp.dport !== 44818) return Verdict.No;
    const b = inp.data;
    const s = inp.off;
    if (inp.len < 24 || u16le(b, s + 2) + 24 !== inp.len) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
