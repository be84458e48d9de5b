/**
 * IEC 60870-5-104 over TCP: the packet is a sequence of APDUs, each the start byte 0x68 and
 * a non-zero length of what follows, that ends exactly at the packet's end. Decided on the
 * first payload (no port required). Follows nDPI's iec60870-5-104.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('IEC60870');

export function isIec104(b: Uint8Array, s: number, e: number): boolean {
  let p = s;
  while (p + 1 < e) {
    if (b[p] !== 0x68) return false;
    const len = b[p + 1];
    if (len === 0) return false;
    p += len + 2;
    if (p === e) return true;
  }
  return false;
}

export const iec60870: Dissector = {
  name: 'IEC60870',
  transports: [6],
  ports: [2404],
  pre: { tcp: { minLen: 2, bytes: [0x68] } }, // APCI start byte
  dissect(inp: DissectInput): Verdict {
    if (!isIec104(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
