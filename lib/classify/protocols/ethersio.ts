/**
 * Ether-S-I/O (Saia-Burgess PLCs) over UDP: a datagram of at least 20 bytes starting
 * "ESIO", then a zero byte, a message type up to 2 and a zero byte. Decided on the first
 * datagram. Follows nDPI's ethersio.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('EtherSIO');

export function isEtherSio(b: Uint8Array, s: number, e: number): boolean {
  return e - s >= 20 && startsWith(b, s, e, 'ESIO') && b[s + 4] === 0 && b[s + 5] <= 2 && b[s + 6] === 0;
}

export const etherSio: Dissector = {
  name: 'EtherSIO',
  transports: [17],
  ports: [6060],
  pre: { udp: { minLen: 20, bytes: [0x45] } }, // "ESIO"
  dissect(inp: DissectInput): Verdict {
    if (!isEtherSio(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
