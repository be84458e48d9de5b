import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

/**
 * AliCloud's TCP framing, as nDPI's alicloud.c recognises it: a payload that starts with the
 * magic CE FA BE BA and a 32-bit big-endian PDU length that is either the length of what
 * follows, or non-zero on an 8-byte header sent alone. nDPI gives up after three payload
 * packets.
 */
const ALICLOUD = protocolId('AliCloud');

export const alicloud: Dissector = {
  name: 'AliCloud',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const { data: b, off: o, len } = inp;
    if (len < 8) return inp.packetIndex >= 3 ? Verdict.No : Verdict.More;
    if (b[o] === 0xce && b[o + 1] === 0xfa && b[o + 2] === 0xbe && b[o + 3] === 0xba) {
      const pdu = ((b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7]) >>> 0;
      if ((len === 8 && pdu > 0) || pdu === len - 8) {
        setProto(inp.flow, 0, ALICLOUD);
        return Verdict.Yes;
      }
    }
    return inp.packetIndex >= 3 ? Verdict.No : Verdict.More;
  },
};
