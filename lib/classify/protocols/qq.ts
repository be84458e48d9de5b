import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32 } from '../bytes.js';
import { setProto } from './dissect-kit.js';

/**
 * Tencent QQ over UDP, following nDPI's qq.c: a datagram whose size and first four bytes
 * are one of QQ's fixed packets (72 bytes 02 00 48 00, 64 bytes 02 00 40 00, 60 bytes
 * 02 00 42 00, 84 bytes 02 00 5A 00, 56 bytes 02 00 38 00, or 39+ bytes 28 00 00 00).
 * nDPI gives up after four packets without one.
 */
const QQ = protocolId('QQ');

function qqPacket(n: number, head: number): boolean {
  switch (n) {
    case 72:
      if (head === 0x02004800) return true;
      break;
    case 64:
      if (head === 0x02004000) return true;
      break;
    case 60:
      if (head === 0x02004200) return true;
      break;
    case 84:
      if (head === 0x02005a00) return true;
      break;
    case 56:
      if (head === 0x02003800) return true;
      break;
  }
  return n >= 39 && head === 0x28000000;
}

export const qq: Dissector = {
  name: 'QQ',
  transports: [17],
  dissect(inp: DissectInput): Verdict {
    const n = inp.len;
    if (n >= 4 && qqPacket(n, u32(inp.data, inp.off))) {
      setProto(inp.flow, 0, QQ);
      return Verdict.Yes;
    }
    return inp.packetIndex + 1 > 4 ? Verdict.No : Verdict.More;
  },
};
