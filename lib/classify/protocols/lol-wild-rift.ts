/**
 * League of Legends: Wild Rift over UDP, as nDPI's lol_wild_rift.c: a 22-byte datagram
 * starting 01 02 C8 41 and ending "A0B1"; or a 69-byte datagram starting 04 00 00 00
 * followed (next datagram) by a 359-byte one starting 10 00 00 00.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('LoLWildRift');
/** 1 once the 69-byte opening was seen. */
const stage = new FlowState(() => ({ v: 0 }));

export const lolWildRift: Dissector = {
  name: 'LoLWildRift',
  transports: [17],
  pre: { udp: { minLen: 22, bytes: [0x01, 0x04, 0x10] } }, // the three shapes' first bytes
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (n === 22 && u32(b, o) === 0x0102c841 && u32(b, o + n - 4) === 0x41304231) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    if (n === 69 && u32(b, o) === 0x04000000) {
      stage.get(inp.flow).v = 1;
      return Verdict.More;
    }
    if (n === 359 && stage.peek(inp.flow)?.v === 1 && u32(b, o) === 0x10000000) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
