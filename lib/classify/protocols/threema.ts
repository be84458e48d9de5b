import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u16le } from '../bytes.js';
import { setProto } from './dissect-kit.js';
import { packetStart } from './media-kit.js';

/**
 * Threema's chat protocol over TCP port 5222, following nDPI's threema.c: the handshake
 * packets have fixed sizes (first 48 bytes, second 80, third 191, the fourth any), and
 * the fifth packet is a frame whose 16-bit little-endian length prefix covers the rest
 * of the packet. Any other size, or another port, rules Threema out.
 */
const THREEMA = protocolId('Threema');
const PORT = 5222;
const SIZES = [48, 80, 191];

export const threema: Dissector = {
  name: 'Threema',
  transports: [6],
  ports: [PORT],
  // its first check answers No on any other port: never tried on other flows
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== PORT && inp.dport !== PORT) return Verdict.No;
    const s = packetStart(inp);
    const n = inp.off + inp.len - s;
    const k = inp.packetIndex;
    if (k < 3) return n === SIZES[k] ? Verdict.More : Verdict.No;
    if (k === 3) return Verdict.More;
    if (n < 2 || u16le(inp.data, s) + 2 !== n) return Verdict.No;
    setProto(inp.flow, 0, THREEMA);
    return Verdict.Yes;
  },
};
