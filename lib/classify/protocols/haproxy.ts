/**
 * HAProxy's PROXY protocol, following nDPI's haproxy.c, on the first segment:
 * - version 2 (binary): the 12-byte signature \r\n\r\n\0\r\nQUIT\n;
 * - version 1 (text): "PROXY TCP…", a header line ending with CRLF, and the proxied
 *   connection's first bytes following in the same segment.
 */
import { indexOfCrlf, startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HAProxy');
const V2_SIGNATURE: readonly number[] = [0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a];

function v2(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < V2_SIGNATURE.length) return false;
  for (let i = 0; i < V2_SIGNATURE.length; i++) if (b[s + i] !== V2_SIGNATURE[i]) return false;
  return true;
}

export const haproxy: Dissector = {
  name: 'HAProxy',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (v2(b, s, e)) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    if (!startsWith(b, s, e, 'PROXY TCP')) return Verdict.No;
    const eol = indexOfCrlf(b, s, e);
    if (eol < 0 || eol + 2 >= e) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
