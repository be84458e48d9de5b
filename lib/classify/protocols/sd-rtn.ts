import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u16, u32 } from '../bytes.js';
import { setProto, text } from './dissect-kit.js';

/**
 * Agora's Software Defined Real-time Network (SD-RTN) over UDP, following nDPI's sd_rtn.c:
 * a datagram of 20+ bytes with 0x21 at offset 6 and the tag "\x04SNI" at offset 12,
 * followed by a 16-bit name length, a zero byte and the edge server's name, which must
 * fit the datagram; the name becomes flow.host (nDPI's Hostname/SNI). The first datagram
 * decides.
 */
const SD_RTN = protocolId('SD-RTN');
const SNI_TAG = 0x04534e49;

export const sdRtn: Dissector = {
  name: 'SD-RTN',
  transports: [17],
  pre: { udp: { minLen: 20, at: 6, bytes: [0x21] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (n < 20 || b[o + 6] !== 0x21 || u32(b, o + 12) !== SNI_TAG) return Verdict.No;
    const len = u16(b, o + 16);
    if (len + 19 > n || b[o + 18] !== 0) return Verdict.No;
    setProto(inp.flow, 0, SD_RTN);
    if (inp.flow.host === '') inp.flow.host = text(b, o + 19, o + 19 + len).toLowerCase();
    return Verdict.Yes;
  },
};
