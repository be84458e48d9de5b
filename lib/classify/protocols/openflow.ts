/**
 * OpenFlow over TCP: a message of at least 8 bytes with version 0x06 (OpenFlow 1.5), a
 * message type below 36 and a length equal to the packet's. Decided on the first payload.
 * Follows nDPI's openflow.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('OpenFlow');

export function isOpenFlow(b: Uint8Array, s: number, e: number): boolean {
  return e - s >= 8 && b[s] === 0x06 && b[s + 1] < 36 && u16(b, s + 2) === e - s;
}

export const openflow: Dissector = {
  name: 'OpenFlow',
  transports: [6],
  ports: [6653],
  pre: { tcp: { minLen: 8, bytes: [0x06] } },
  dissect(inp: DissectInput): Verdict {
    if (!isOpenFlow(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
