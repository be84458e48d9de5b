/**
 * Activision (Call of Duty) peer traffic over UDP, as nDPI's activision.c: the first
 * datagram of each nDPI direction starts 0C 02 (direction 0) or 0D 02 (direction 1) and is
 * at least 29 bytes; one carrying C0 A8 at offset 17 and 00 15 02 0C at offset 19 decides
 * at once. Later datagrams must start 0x29 (direction 0) or 0x28 (direction 1); past the
 * fourth datagram the flow is Activision. Datagrams under 18 bytes rule it out.
 * "Direction" is nDPI's (games-kit.ts ndpiDir: by port order), not who spoke first.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { DirCounter, ndpiDir } from './games-kit.js';

const ID = protocolId('Activision');
const counter = new DirCounter();

function found(inp: DissectInput): Verdict {
  setProto(inp.flow, 0, ID);
  return Verdict.Yes;
}

export const activision: Dissector = {
  name: 'Activision',
  transports: [17],
  ports: [3074],
  pre: { udp: { firstLook: true, minLen: 29, bytes: [0x0c, 0x0d] } }, // a flow opens with 0x0c02 or 0x0d02, 29+ bytes
  dissect(inp: DissectInput): Verdict {
    const n = inp.len;
    if (n < 18) return Verdict.No;
    const b = inp.data;
    const o = inp.off;
    const d = ndpiDir(inp);
    if (counter.next(inp, d) === 1) {
      if (u16(b, o) !== (d === 0 ? 0x0c02 : 0x0d02) || n < 29) return Verdict.No;
      if (u16(b, o + 17) === 0xc0a8 && u32(b, o + 19) === 0x0015020c) return found(inp);
    } else if (b[o] !== (d === 0 ? 0x29 : 0x28)) return Verdict.No;
    if (inp.packetIndex + 1 > 4) return found(inp);
    counter.record(inp, d);
    return Verdict.More;
  },
};
