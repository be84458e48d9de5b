/**
 * Ethereum, following nDPI's src/lib/protocols/ethereum.c.
 * - UDP: the devp2p discovery protocol on port 30303 (either side): a datagram of 99..1279
 *   bytes whose packet type (byte 97, after hash and signature) is at most 4 (NODES), not
 *   sent to a broadcast (255.x.x.x) or ff02:: multicast address.
 * - TCP: the RLPx handshake towards ports 30300..30305 (a 301..599-byte packet with 0x04 at
 *   byte 2), or JSON carrying "eth1.0" or "worker": (Ethereum stratum).
 * The first payload packet that matches none of these excludes the flow.
 */
import { indexOfAscii, indexOfByte } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('ETHEREUM');
const DISCOVERY_PORT = 30303;

/** The packet's destination is a broadcast/multicast address nDPI leaves alone. */
function toGroup(inp: DissectInput): boolean {
  const f = inp.flow;
  const dst = inp.dir === 0 ? f.srv : f.cli;
  if (f.ipVersion === 4) return dst[0] >>> 24 === 0xff;
  return dst[0] >>> 0 === 0xff020000;
}

function yes(inp: DissectInput): Verdict {
  setProto(inp.flow, 0, ID);
  return Verdict.Yes;
}

export const ethereum: Dissector = {
  name: 'ETHEREUM',
  transports: [6, 17],
  pre: { tcp: { minLen: 11 }, udp: { ports: [DISCOVERY_PORT], minLen: 99 } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (inp.transport === 17) {
      if (n > 98 && n < 1280 && (inp.sport === DISCOVERY_PORT || inp.dport === DISCOVERY_PORT) &&
          b[s + 97] <= 4 && !toGroup(inp)) return yes(inp);
      return Verdict.No;
    }
    if (inp.packetIndex !== 0 || n <= 10) return Verdict.No;
    if (n > 300 && n < 600 && b[s + 2] === 0x04) {
      return inp.dport >= 30300 && inp.dport <= 30305 ? yes(inp) : Verdict.No;
    }
    const e = s + n;
    if (indexOfByte(b, s, e, 0x7b) >= 0 &&
        (indexOfAscii(b, s, e, '"eth1.0"') >= 0 || indexOfAscii(b, s, e, '"worker":') >= 0)) return yes(inp);
    return Verdict.No;
  },
};
