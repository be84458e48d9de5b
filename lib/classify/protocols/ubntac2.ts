/**
 * Ubiquiti AirControl 2 discovery over UDP port 10001 (either side): datagrams of at least
 * 135 bytes carrying "UBNT" at offset 36 or "ubnt" at offset 49, followed by the model name
 * and the firmware version (kept as ubntac2.version). Other large datagrams on the port keep
 * the dissector looking; anything else excludes. Follows nDPI's ubntac2.c.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';

const ID = protocolId('UBNTAC2');

export const ubntac2: Dissector = {
  name: 'UBNTAC2',
  transports: [17],
  ports: [10001],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (inp.len < 135 || (inp.sport !== 10001 && inp.dport !== 10001)) return Verdict.No;
    let p = 0;
    if (startsWith(b, s + 36, e, 'UBNT')) p = 36 + 5;
    else if (startsWith(b, s + 49, e, 'ubnt')) p = 49 + 5;
    if (p === 0) return Verdict.More;
    setProto(inp.flow, 0, ID);
    if (s + p + 1 < e) {
      p += b[s + p + 1] + 4 + 1; // model name, then the version's length byte
      if (p < inp.len) {
        let q = s + p;
        while (q < e && q < s + 255 && b[q] !== 0) q++;
        const v = text(b, s + p, q);
        if (v !== '') setOther(inp.flow, 'ubntac2.version', v);
      }
    }
    return Verdict.Yes;
  },
};
