import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u16, u32 } from '../bytes.js';
import { setProto } from './dissect-kit.js';

/**
 * DingTalk (Alibaba's messenger) over TCP, following nDPI's dingtalk.c: a first packet of
 * more than 90 bytes starting 0x10, with 87 80 01 00 at offset 2, 01 00 02 00 at 6,
 * 02 64 6B 03 at 10 and 00 20 at 14 (its binary protocol's fixed header). The first
 * payload packet decides.
 */
const DINGTALK = protocolId('DingTalk');

export const dingtalk: Dissector = {
  name: 'DingTalk',
  transports: [6],
  pre: { tcp: { minLen: 91, bytes: [0x10] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    // the first packet of the stream: its payload starts the stream
    if (
      inp.packetIndex !== 0 ||
      inp.len <= 90 ||
      b[o] !== 0x10 ||
      u32(b, o + 2) !== 0x87800100 ||
      u32(b, o + 6) !== 0x01000200 ||
      u32(b, o + 10) !== 0x02646b03 ||
      u16(b, o + 14) !== 0x0020
    ) {
      return Verdict.No;
    }
    setProto(inp.flow, 0, DINGTALK);
    return Verdict.Yes;
  },
};
