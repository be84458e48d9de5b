/**
 * Half-Life 2 / Source engine connectionless packets, as nDPI detects them: a UDP
 * datagram of 20 bytes or more starting with FF FF FF FF and ending with "000\0", then one
 * of the same shape in the other direction.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowCounter, setProto } from './dissect-kit.js';

/** 1 + direction of the first matching datagram (0: none yet). */
const firstDir = new FlowCounter();

const ID = protocolId('HalfLife2');


function shape(b: Uint8Array, s: number, n: number): boolean {
  if (n < 20 || b[s] !== 0xff || b[s + 1] !== 0xff || b[s + 2] !== 0xff || b[s + 3] !== 0xff) return false;
  const t = s + n - 4;
  return b[t] === 0x30 && b[t + 1] === 0x30 && b[t + 2] === 0x30 && b[t + 3] === 0x00;
}

export const halflife2: Dissector = {
  name: 'HalfLife2',
  transports: [17],
  pre: { udp: { minLen: 20, bytes: [0xff] } },
  dissect(inp: DissectInput): Verdict {
    if (!shape(inp.data, inp.off, inp.len)) return Verdict.No;
    const flow = inp.flow;
    const stage = firstDir.get(flow);
    if (stage === 0) {
      firstDir.set(flow, 1 + inp.dir);
      return Verdict.More;
    }
    if (stage === 2 - inp.dir) {
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No; // the reply must come from the other side
  },
};
