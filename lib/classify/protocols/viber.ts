import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u16, u16le } from '../bytes.js';
import { setProto } from './dissect-kit.js';

/**
 * Viber over TCP, following nDPI's viber.c: a packet of 11+ bytes whose little-endian
 * 16-bit prefix is its own length, with FC FF at offset 6 and 0x80 at 9, or 03 80 at
 * offset 4 and 0x0A at 10. The first payload packet decides.
 * Not done: the UDP shapes of the viber.c version available here (bytes 2-3 = 03 00 …):
 * they take RTP streams (sequence 0x03xx) that the nDPI producing the corpus names RTP
 * (false_positives.pcapng), so that nDPI no longer applies them as written.
 */
const VIBER = protocolId('Viber');

export const viber: Dissector = {
  name: 'Viber',
  transports: [6],
  pre: { tcp: { minLen: 11 } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.off + inp.len - s;
    const hit = n >= 11 && u16le(b, s) === n && ((u16(b, s + 6) === 0xfcff && b[s + 9] === 0x80) || (u16(b, s + 4) === 0x0380 && b[s + 10] === 0x0a));
    if (!hit) return Verdict.No;
    setProto(inp.flow, 0, VIBER);
    return Verdict.Yes;
  },
};
