/**
 * HSRP (Cisco Hot Standby Router Protocol) over UDP, both ports equal. IPv4, port 1985:
 * version 0 to 224.0.0.2 (at least 20 bytes, version byte 0, reserved byte 7 zero) or
 * version 2 to 224.0.0.102 (at least 42 bytes, a TLV with version 2 and address family
 * IPv4). IPv6, port 2029, to ff02::66 with a message type up to 4. Decided on the first
 * datagram. Follows nDPI's hsrp.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HSRP');

export const hsrp: Dissector = {
  name: 'HSRP',
  transports: [17],
  ports: [1985, 2029],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    const dst = inp.dir === 0 ? f.srv : f.cli;
    let ok = false;
    if (f.ipVersion === 6) {
      ok = inp.sport === 2029 && inp.dport === 2029 && b[s] <= 4 &&
        dst[0] >>> 0 === 0xff020000 && dst[1] === 0 && dst[2] === 0 && dst[3] === 0x66;
    } else if (inp.sport === 1985 && inp.dport === 1985) {
      const d = dst[0] >>> 0;
      ok = (d === 0xe0000002 && n >= 20 && b[s] === 0 && b[s + 7] === 0) ||
        (n >= 42 && b[s + 2] === 2 && b[s + 5] === 4 && d === 0xe0000066);
    }
    if (!ok) return Verdict.No;
    setProto(f, 0, ID);
    return Verdict.Yes;
  },
};
