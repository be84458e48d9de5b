/**
 * STOMP (Simple Text Oriented Messaging Protocol), following nDPI's stomp.c: the first
 * segment is the client's "STOMP" connect frame (more than 26 bytes) or the server's
 * "CONNECTED" frame (more than 100 bytes). Anything else rules STOMP out.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('STOMP');

export const stomp: Dissector = {
  name: 'STOMP',
  transports: [6],
  ports: [61613],
  pre: { tcp: { minLen: 27, bytes: [0x53, 0x43] } }, // "STOMP", "CONNECTED"
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    const ok =
      (inp.dir === 0 && inp.len > 26 && startsWith(b, s, e, 'STOMP')) ||
      (inp.dir === 1 && inp.len > 100 && startsWith(b, s, e, 'CONNECTED'));
    if (!ok) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
