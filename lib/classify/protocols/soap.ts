/**
 * SOAP outside a detected HTTP flow, after nDPI's soap.c (inside HTTP, http.ts names
 * HTTP.SOAP): a packet with a line starting "SOAPAction" is SOAP; a packet starting
 * `<?xml version="1.0"` marks the flow, which is SOAP from its 4th payload packet on;
 * an unmarked flow is given up at its 4th packet.
 * TCP: each new segment is read from its first byte, as nDPI reads packets.
 */
import { indexOfCrlf, startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('SOAP');

/** Stream bytes already looked at per direction, and the `<?xml` mark. */
const states = new FlowState(() => ({ done: [0, 0], xml: false }));

/** A line of b[at..end) (CRLF-separated, as nDPI splits packets) starts with "SOAPAction". */
function hasSoapAction(b: Uint8Array, at: number, end: number): boolean {
  let p = at;
  while (p < end) {
    if (startsWith(b, p, end, 'SOAPAction')) return true;
    const crlf = indexOfCrlf(b, p, end);
    if (crlf < 0) return false;
    p = crlf + 2;
  }
  return false;
}

export const soap: Dissector = {
  name: 'SOAP',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    const { data, dir, flow } = inp;
    const st = states.get(flow);
    const done = st.done[dir];
    st.done[dir] = inp.len;
    const at = inp.off + done;
    const end = inp.off + inp.len;
    if (hasSoapAction(data, at, end)) {
      states.drop(flow);
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    if (inp.packetIndex + 1 > 3) {
      states.drop(flow);
      if (!st.xml) return Verdict.No;
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    if (startsWith(data, at, end, '<?xml version="1.0"')) st.xml = true;
    return Verdict.More;
  },
};
