/**
 * VMware remote console/heartbeat over UDP, following nDPI's vmware.c: a 66-byte datagram
 * to port 902 whose first byte is 0xA4.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('VMware');

export const vmware: Dissector = {
  name: 'VMware',
  transports: [17],
  ports: [902],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.len !== 66 || inp.dport !== 902 || inp.data[inp.off] !== 0xa4) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
