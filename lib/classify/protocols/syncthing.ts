/**
 * Syncthing local discovery (UDP 21027 announcements), following nDPI's
 * src/lib/protocols/syncthing.c: a datagram longer than 4 bytes starting with the
 * announcement magic 0x2EA7D90B. Any other datagram excludes the flow.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Syncthing');
const MAGIC = 0x2ea7d90b;

export const syncthing: Dissector = {
  name: 'Syncthing',
  transports: [17],
  pre: { udp: { minLen: 5, bytes: [0x2e] } }, // MAGIC
  dissect(inp: DissectInput): Verdict {
    if (inp.len > 4 && u32(inp.data, inp.off) === MAGIC) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
