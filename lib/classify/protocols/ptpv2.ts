/**
 * PTPv2 (IEEE 1588-2008) over UDP: a message longer than the 34-byte header between two
 * event ports (319) or two general ports (320), with a message type below 15 and version
 * 2. Decided on the first datagram. Follows nDPI's ptpv2.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('PTPv2');

export const ptpv2: Dissector = {
  name: 'PTPv2',
  transports: [17],
  ports: [319, 320],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const p = inp.sport;
    if (inp.len <= 34 || p !== inp.dport || (p !== 319 && p !== 320)) return Verdict.No;
    const b = inp.data;
    const s = inp.off;
    if ((b[s] & 0x0f) === 0x0f || b[s + 1] !== 0x02) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
