/**
 * Mumble voice over UDP, as nDPI's mumble.c: the client's 12-byte ping (four zero bytes,
 * then a 64-bit identifier) answered by a 24-byte pong echoing that identifier at offset 4.
 * Any other datagram rules it out.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('Mumble');
/** The identifier of the last client ping (8 bytes, as two 32-bit halves). */
const pings = new FlowState(() => ({ hi: 0, lo: 0 }));

function word(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

export const mumble: Dissector = {
  name: 'Mumble',
  transports: [17],
  pre: { udp: { firstLook: true, minLen: 12, bytes: [0] } }, // a flow opens with a 12-byte ping
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (inp.dir === 0 && n === 12) {
      if (word(b, o) !== 0) return Verdict.No;
      const p = pings.get(inp.flow);
      p.hi = word(b, o + 4);
      p.lo = word(b, o + 8);
      return Verdict.More;
    }
    const p = pings.peek(inp.flow);
    if (p !== undefined && n === 24 && word(b, o + 4) === p.hi && word(b, o + 8) === p.lo) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
