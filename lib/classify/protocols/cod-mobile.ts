/**
 * Call of Duty: Mobile over UDP, as nDPI's cod_mobile.c: a 12-byte datagram to or from port
 * 7500 whose last four bytes are "ping", or a datagram over 350 bytes starting 0xCE that
 * contains "LOC_PREFAB_LOADOUTNAME_1". Given up after the fourth datagram.
 */
import { indexOfAscii, startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('CoD_Mobile');
const PING_PORT = 7500;

export const codMobile: Dissector = {
  name: 'CoD_Mobile',
  transports: [17],
  ports: [PING_PORT],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    const e = o + n;
    const hit =
      (n === 12 && (inp.sport === PING_PORT || inp.dport === PING_PORT) && startsWith(b, o + 8, e, 'ping')) ||
      (n > 350 && b[o] === 0xce && indexOfAscii(b, o, e, 'LOC_PREFAB_LOADOUTNAME_1') >= 0);
    if (hit) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return inp.packetIndex + 1 >= 4 ? Verdict.No : Verdict.More;
  },
};
