/**
 * Gaijin Entertainment (War Thunder …) over UDP, as nDPI's gaijin_entertainment.c: a
 * 52-byte datagram starting 8F FF 00 with 82 FF 00 01 at offset 4, or a datagram over 100
 * bytes starting "embeddedupdater.", "app.start" or "app.stage" (the launcher's telemetry).
 * Decided on the first datagram.
 */
import { startsWith, u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('GaijinEntertainment');

export const gaijin: Dissector = {
  name: 'GaijinEntertainment',
  transports: [17],
  ports: [20011],
  pre: { udp: { minLen: 52, bytes: [0x8f, 0x65, 0x61] } }, // 0x8fff…, "embeddedupdater.", "app."
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    const e = o + n;
    const hit =
      (n === 52 && b[o + 2] === 0 && u16(b, o) === 0x8fff && u32(b, o + 4) === 0x82ff0001) ||
      (n > 100 && (startsWith(b, o, e, 'embeddedupdater.') || startsWith(b, o, e, 'app.start') || startsWith(b, o, e, 'app.stage')));
    if (!hit) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
