/**
 * CIP I/O (Common Industrial Protocol implicit messaging) over UDP port 2222 on both sides:
 * a datagram of 12-63 bytes holding a common packet format — an item count (byte 0, with
 * byte 1 zero) and that many items (type, little-endian length, data) that end exactly at
 * the datagram's end. Decided on the first datagram. Follows nDPI's cip.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('CIP');

export function isCipIo(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 12 || n >= 64 || b[s + 1] !== 0) return false;
  let items = b[s];
  let off = 2;
  while (items > 0 && n > off + 4) {
    off += 4 + (b[s + off + 2] | (b[s + off + 3] << 8));
    off &= 0xff; // nDPI keeps the offset in a byte
    items--;
  }
  return off === n;
}

export const cip: Dissector = {
  name: 'CIP',
  transports: [17],
  ports: [2222],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== 2222 || inp.dport !== 2222) return Verdict.No;
    if (!isCipIo(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
