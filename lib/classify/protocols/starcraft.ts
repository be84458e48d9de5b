/**
 * StarCraft II (Battle.net), as nDPI knows it: the TCP login to one of Blizzard's logon
 * portals on port 1119 starts with 4A|49 00 00 0A 66 02 0A ED 2D 66; UDP game traffic on
 * port 1119 follows a fixed size sequence (20, 20, 75|85, 20, 548, 548, 548, 484).
 */
import type { Flow } from '../../flow/flow.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowCounter, setProto } from './dissect-kit.js';

/** Position in the UDP size sequence. */
const position = new FlowCounter();

const ID = protocolId('Starcraft');
const PORT = 1119;
/** Logon portals (EU, US, KR, SG, beta) as nDPI lists them. */
const LOGON = [0xd5f87f82, 0x0c81ce82, 0x79fec882, 0xca09424c, 0x0c81ecfe];
const LOGIN_PREFIX = [0x00, 0x00, 0x0a, 0x66, 0x02, 0x0a, 0xed, 0x2d, 0x66];
/** UDP payload sizes in order; 0 stands for "75 or 85". */
const UDP_SIZES = [20, 20, 0, 20, 548, 548, 548, 484];


function logon(flow: Flow): boolean {
  return flow.ipVersion === 4 && (LOGON.includes(flow.srv[0]) || LOGON.includes(flow.cli[0]));
}

export const starcraft: Dissector = {
  name: 'Starcraft',
  transports: [6, 17],
  ports: [PORT],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const flow = inp.flow;
    if (inp.transport === 6) {
      if (inp.dport !== PORT || inp.len < 10 || (b[s] !== 0x4a && b[s] !== 0x49) || !logon(flow)) return Verdict.No;
      for (let i = 0; i < LOGIN_PREFIX.length; i++) if (b[s + 1 + i] !== LOGIN_PREFIX[i]) return Verdict.No;
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    if (inp.sport !== PORT && inp.dport !== PORT) return Verdict.No;
    const stage = position.get(flow);
    const want = UDP_SIZES[stage];
    const n = inp.len;
    // a packet of another size leaves the sequence where it is, as in nDPI
    if (want === 0 ? n === 75 || n === 85 : n === want) {
      if (stage === UDP_SIZES.length - 1) {
        setProto(flow, 0, ID);
        return Verdict.Yes;
      }
      position.set(flow, stage + 1);
    }
    return Verdict.More;
  },
};
