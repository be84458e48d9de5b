import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u16, u32 } from '../bytes.js';
import { setProto } from './dissect-kit.js';

/**
 * H.323 signalling, following nDPI's h323.c:
 * - TCP: a packet of more than 20 bytes that is one TPKT (RFC 1006: 03 00, 16-bit length =
 *   the packet) carrying either H.245 (byte 7 = 0x06, then the protocol identifier OID
 *   00 08 81 75) or H.225.0 call signalling (Q.931 discriminator 0x08 at byte 4 and a call
 *   reference length up to 3);
 * - UDP port 1719: an H.225.0 RAS message (byte 4 = 0x06, then the OID 00 08 91 4A).
 * The first payload packet decides.
 */
const H323 = protocolId('H323');
const RAS_PORT = 1719;

export const h323: Dissector = {
  name: 'H323',
  transports: [6, 17],
  ports: [1720, RAS_PORT],
  // TCP: a TPKT (3, 0) of 21+ bytes; UDP: RAS on its port, 21+ bytes, 0x06 at 4
  pre: { tcp: { minLen: 21, bytes: [3] }, udp: { ports: [RAS_PORT], minLen: 21, at: 4, bytes: [0x06] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const e = inp.off + inp.len;
    let hit = false;
    if (inp.transport === 6) {
      const s = inp.off;
      const n = e - s;
      if (n > 20 && b[s] === 3 && b[s + 1] === 0 && u16(b, s + 2) === n) {
        hit = (b[s + 7] === 0x06 && u32(b, s + 8) === 0x00088175) || (b[s + 4] === 0x08 && (b[s + 5] & 0x0f) <= 3);
      }
    } else if (inp.sport === RAS_PORT || inp.dport === RAS_PORT) {
      const o = inp.off;
      hit = inp.len > 20 && b[o + 4] === 0x06 && u32(b, o + 5) === 0x0008914a;
    }
    if (!hit) return Verdict.No;
    setProto(inp.flow, 0, H323);
    return Verdict.Yes;
  },
};
