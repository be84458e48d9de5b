/**
 * Cisco VPN (IPsec over UDP 10000), following nDPI's src/lib/protocols/ciscovpn.c: a
 * datagram from port 10000 to port 10000 starting with FE 57 7E 2B. nDPI keeps looking for
 * up to five packets.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('CiscoVPN');
const PORT = 10000;
const MAGIC = 0xfe577e2b;
const MAX_PACKETS = 5;

export const ciscovpn: Dissector = {
  name: 'CiscoVPN',
  transports: [17],
  ports: [PORT],
  // it answers Yes only with both ports PORT (More otherwise, never Yes): never tried on other flows
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport === PORT && inp.dport === PORT && inp.len >= 4 && u32(inp.data, inp.off) === MAGIC) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return inp.packetIndex + 1 > MAX_PACKETS ? Verdict.No : Verdict.More;
  },
};
