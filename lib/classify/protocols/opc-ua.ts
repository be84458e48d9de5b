/**
 * OPC UA binary over TCP (IEC 62541): a message chunk of at least 16 bytes whose type is
 * HEL, ACK, RHE, OPN, MSG, ERR or CLO followed by the chunk type 'F' (final). Decided on
 * the first payload. Follows nDPI's opc-ua.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('OPC-UA');
const TYPES = ['HELF', 'ACKF', 'RHEF', 'OPNF', 'MSGF', 'ERRF', 'CLOF'];

export function isOpcUa(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 16 || b[s + 3] !== 0x46) return false;
  for (const t of TYPES) if (startsWith(b, s, e, t)) return true;
  return false;
}

export const opcUa: Dissector = {
  name: 'OPC-UA',
  transports: [6],
  ports: [4840],
  pre: { tcp: { minLen: 16, at: 3, bytes: [0x46] } }, // 'F' (final chunk)
  dissect(inp: DissectInput): Verdict {
    if (!isOpcUa(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
