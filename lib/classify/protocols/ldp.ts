/**
 * LDP (Label Distribution Protocol, RFC 5036): a PDU of more than 19 bytes with version 1
 * and a PDU length covering what follows the first 4 bytes. Over UDP the message must be a
 * Hello (0x0100); over TCP one of the session message types (initialization, keepalive,
 * capability, address, label, call and RG messages) or a vendor-private type 0x3E00-0x3EFF.
 * Decided on the first payload. Follows nDPI's ldp.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('LDP');
const TCP_TYPES = [0x0200, 0x0201, 0x0202, 0x0300, 0x0301, 0x0400, 0x0401, 0x0402, 0x0403, 0x0404, 0x0500, 0x0501, 0x0700, 0x0701, 0x0702, 0x0703];

export function isLdp(b: Uint8Array, s: number, e: number, tcp: boolean): boolean {
  const n = e - s;
  if (n <= 19 || u16(b, s) !== 1 || u16(b, s + 2) !== n - 4) return false;
  const t = u16(b, s + 10);
  if (!tcp) return t === 0x0100;
  return (t >= 0x3e00 && t <= 0x3eff) || TCP_TYPES.includes(t);
}

export const ldp: Dissector = {
  name: 'LDP',
  transports: [6, 17],
  ports: [646],
  pre: { tcp: { minLen: 20, at: 1, bytes: [1] }, udp: { minLen: 20, at: 1, bytes: [1] } }, // version 1
  dissect(inp: DissectInput): Verdict {
    if (!isLdp(inp.data, inp.off, inp.off + inp.len, inp.transport === 6)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
