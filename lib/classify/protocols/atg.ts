/**
 * ATG (automatic tank gauge, Veeder-Root TLS serial protocol over TCP port 10001): a
 * command of at least 8 bytes that opens with SOH (0x01) and a function letter I/i/S/s and
 * ends with CR LF. Decided on the first payload. Follows nDPI's atg.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('ATG');

export function isAtg(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 8 || b[s] !== 0x01) return false;
  const c = b[s + 1] | 0x20;
  return (c === 0x69 || c === 0x73) && b[e - 2] === 13 && b[e - 1] === 10;
}

export const atg: Dissector = {
  name: 'ATG',
  transports: [6],
  ports: [10001],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== 10001 && inp.dport !== 10001) return Verdict.No;
    if (!isAtg(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
