/**
 * Bitcoin peer-to-peer, following nDPI's src/lib/protocols/bitcoin.c: on a TCP flow with
 * port 8333 on either side, the first payload packet starts with a network magic (main
 * F9BEB4D9, testnet FABFB5DA, testnet3 0B110907, signet 0A03CF40, Namecoin F9BEB4FE).
 * Anything else excludes the flow.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('BITCOIN');
const PORT = 8333;
const MAGICS = [0xf9beb4d9, 0xfabfb5da, 0x0b110907, 0x0a03cf40, 0xf9beb4fe];

export const bitcoin: Dissector = {
  name: 'BITCOIN',
  transports: [6],
  ports: [PORT],
  // its first check answers No on any other port: never tried on other flows
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.packetIndex !== 0 || inp.len < 4 || (inp.sport !== PORT && inp.dport !== PORT)) return Verdict.No;
    if (!MAGICS.includes(u32(inp.data, inp.off))) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
