/**
 * LISP (Locator/ID Separation Protocol, RFC 9300) over UDP: data (4341) or control (4342)
 * traffic with the same LISP port on both sides. nDPI decides on the ports alone, on the
 * first datagram. Follows nDPI's lisp.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('LISP');

export const lisp: Dissector = {
  name: 'LISP',
  transports: [17],
  ports: [4341, 4342],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const p = inp.sport;
    if (p !== inp.dport || (p !== 4341 && p !== 4342)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
