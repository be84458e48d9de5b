/**
 * RESP (REdis Serialization Protocol), following nDPI's resp.c: the first segment (at
 * least 10 bytes) starts with an array '*', bulk string '$' or set '~' marker, one to
 * three digits and CRLF (e.g. "*3\r\n$3\r\nSET…").
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('RESP');

/** True when b[s..s+n) starts as nDPI expects a RESP command. */
export function respStart(b: Uint8Array, s: number, n: number): boolean {
  if (n < 10) return false;
  const c = b[s];
  if (c !== 0x2a && c !== 0x24 && c !== 0x7e) return false;
  let off = 1;
  while (off < 4 && b[s + off] !== 0x0d) {
    if (b[s + off] < 0x30 || b[s + off] > 0x39) return false;
    off++;
  }
  return b[s + off] === 0x0d && b[s + off + 1] === 0x0a;
}

export const resp: Dissector = {
  name: 'RESP',
  transports: [6],
  ports: [6379],
  pre: { tcp: { minLen: 10, bytes: [0x2a, 0x24, 0x7e] } }, // '*', '$', '~'
  dissect(inp: DissectInput): Verdict {
    if (!respStart(inp.data, inp.off, inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
