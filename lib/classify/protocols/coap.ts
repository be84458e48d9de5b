/**
 * CoAP (RFC 7252) over UDP on port 5683 or the 6LoWPAN range 61616-61631 (either side): a
 * 4-byte header with version 1, a token length below 8 and a known code (empty, the
 * methods 0.01-0.05, 2.01-2.05, 4.00-4.06, 4.12-4.15, 5.00-5.05). Decided on the first
 * datagram. Follows nDPI's coap.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('COAP');

function isCoapPort(p: number): boolean {
  return p === 5683 || (p >= 61616 && p <= 61631);
}

export function isCoapHeader(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 4 || b[s] >> 6 !== 1 || (b[s] & 0x0f) >= 8) return false;
  const c = b[s + 1];
  return c <= 5 || (c >= 65 && c <= 69) || (c >= 128 && c <= 134) || (c >= 140 && c <= 143) || (c >= 160 && c <= 165);
}

/** First bytes of version 1 with a token length below 8 (isCoapHeader). */
const VERSION_1 = Array.from({ length: 64 }, (_, k) => 0x40 | k).filter((b) => (b & 0x0f) < 8);

export const coap: Dissector = {
  name: 'COAP',
  transports: [17],
  ports: [5683],
  // a CoAP port; version 1 and a token length below 8
  pre: { udp: { ports: [5683, ...Array.from({ length: 16 }, (_, k) => 61616 + k)], minLen: 4, bytes: VERSION_1 } },
  dissect(inp: DissectInput): Verdict {
    if (!isCoapPort(inp.sport) && !isCoapPort(inp.dport)) return Verdict.No;
    const b = inp.data;
    const s = inp.off;
    if (!isCoapHeader(b, s, s + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    setOther(inp.flow, 'coap.code', `${b[s + 1] >> 5}.${(b[s + 1] & 31).toString().padStart(2, '0')}`);
    return Verdict.Yes;
  },
};
