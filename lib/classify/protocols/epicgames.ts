/**
 * Epic Games (Fortnite and other Unreal Engine titles) over UDP, as nDPI's epicgames.c:
 * the first datagram is at least 34 bytes, bit 0x08 of its first 32-bit word clear and
 * bytes 10..33 zero; the first datagram of the other nDPI direction (by port order) starts
 * with that same word with bit 0x08 set. Given up after the fourth datagram.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { ndpiDir } from './games-kit.js';

const ID = protocolId('EpicGames');
/** stage: 1 + nDPI direction of the opening datagram; word: its first 32 bits. */
const states = new FlowState(() => ({ stage: 0, word: 0 }));

function opening(b: Uint8Array, o: number, n: number): boolean {
  if (n < 34 || (b[o + 3] & 0x08) !== 0) return false;
  for (let i = 10; i < 34; i++) if (b[o + i] !== 0) return false;
  return true;
}

export const epicgames: Dissector = {
  name: 'EpicGames',
  transports: [17],
  pre: { udp: { firstLook: true, minLen: 34, at: 10, bytes: [0] } }, // a flow opens with zeros at 10..33
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    const d = ndpiDir(inp);
    if (inp.packetIndex === 0) {
      if (!opening(b, o, n)) return Verdict.No;
      const st = states.get(inp.flow);
      st.stage = 1 + d;
      st.word = u32(b, o);
      return Verdict.More;
    }
    const st = states.peek(inp.flow);
    if (st !== undefined && st.stage === 2 - d) {
      if (n > 4 && ((st.word | 0x08) >>> 0) === u32(b, o)) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
      return Verdict.No;
    }
    return inp.packetIndex + 1 >= 4 ? Verdict.No : Verdict.More;
  },
};
