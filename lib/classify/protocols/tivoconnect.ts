/**
 * TiVoConnect discovery beacons, following nDPI's tivoconnect.c: a payload starting with
 * "tivoconnect=" (any case), then "key=value" lines; identity (uuid:…), machine, platform
 * and services are kept as tivo.* metadata.
 */
import { startsWithLower } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';

const ID = protocolId('TiVoConnect');
const KEYS: readonly string[] = ['identity', 'machine', 'platform', 'services'];

export const tivoconnect: Dissector = {
  name: 'TiVoConnect',
  transports: [6, 17],
  ports: [2190],
  pre: { tcp: { minLen: 12, bytes: [0x54, 0x74] }, udp: { minLen: 12, bytes: [0x54, 0x74] } }, // "tivoconnect=", any case
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (!startsWithLower(b, s, e, 'tivoconnect=')) return Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, ID);
    let k = s;
    for (let nl = k; nl < e; nl++) {
      if (b[nl] !== 0x0a) continue;
      let eq = k;
      while (eq < nl && b[eq] !== 0x3d) eq++;
      if (eq < nl) {
        for (const key of KEYS) {
          if (eq - k === key.length && startsWithLower(b, k, eq, key)) {
            let v = eq + 1;
            if (key === 'identity') {
              if (!startsWithLower(b, v, nl, 'uuid:')) break;
              v += 5;
            }
            setOther(flow, `tivo.${key}`, text(b, v, nl));
            break;
          }
        }
      }
      k = nl + 1;
    }
    return Verdict.Yes;
  },
};
