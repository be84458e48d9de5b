import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32 } from '../bytes.js';
import { FlowState, setProto } from './dissect-kit.js';

/**
 * Mumble's UDP ping, following nDPI's mumble.c: the client sends 12 bytes (four zero
 * bytes, then an 8-byte identifier) and the server answers 24 bytes echoing the
 * identifier at offset 4. Anything else rules Mumble out.
 */
const MUMBLE = protocolId('Mumble');

/** The client ping's identifier (two 32-bit halves), once seen. */
const pings = new FlowState<{ hi: number; lo: number }>(() => ({ hi: 0, lo: 0 }));

export const mumble: Dissector = {
  name: 'Mumble',
  transports: [17],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (inp.dir === 0 && n === 12) {
      if (u32(b, o) !== 0) return Verdict.No;
      const st = pings.get(inp.flow);
      st.hi = u32(b, o + 4);
      st.lo = u32(b, o + 8);
      return Verdict.More;
    }
    const st = pings.peek(inp.flow);
    if (st === undefined || n !== 24 || u32(b, o + 4) !== st.hi || u32(b, o + 8) !== st.lo) return Verdict.No;
    setProto(inp.flow, 0, MUMBLE);
    return Verdict.Yes;
  },
};
