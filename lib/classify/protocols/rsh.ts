/**
 * RSH (BSD remote shell, TCP 514), following nDPI's rsh.c:
 * - the flow's first segment is 2..6 bytes, all digits but the last (the stderr port and
 *   its NUL), the second is "client-user\0server-user\0command\0" — decides
 *   (rsh.client_user, rsh.server_user, rsh.command);
 * - midstream, on port 514: a segment ending in "\n" after more than 5 segments decides
 *   (such segments are skipped until then).
 * Anything else rules RSH out.
 */
import type { Flow } from '../../flow/flow.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('RSH');
const PORT = 514;
const cursor = new SegmentCursor();

function printable(b: Uint8Array, p: number, e: number): boolean {
  for (let i = p; i < e; i++) if (b[i] < 0x20 || b[i] > 0x7e) return false;
  return true;
}

/**
 * The request at b[s..e) ("client-user\0server-user\0command\0"): the segment ends in NUL,
 * the two user names are printable and the first is not the last string (nDPI does not
 * look into the command). Records the three strings when `flow` is given.
 */
function request(b: Uint8Array, s: number, e: number, flow?: Flow): boolean {
  if (e - s < 3 || b[e - 1] !== 0) return false;
  let z1 = s;
  while (b[z1] !== 0) z1++;
  if (!printable(b, s, z1) || z1 >= e - 1) return false;
  let z2 = z1 + 1;
  while (b[z2] !== 0) z2++;
  if (!printable(b, z1 + 1, z2)) return false;
  if (flow !== undefined) {
    setOther(flow, 'rsh.client_user', text(b, s, z1));
    setOther(flow, 'rsh.server_user', text(b, z1 + 1, z2));
    setOther(flow, 'rsh.command', text(b, z2 + 1, e - 1));
  }
  return true;
}

export const rsh: Dissector = {
  name: 'RSH',
  transports: [6],
  ports: [PORT],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const e = inp.off + inp.len;
    const n = e - s;
    const counter = inp.packetIndex + 1;
    const flow = inp.flow;
    if ((inp.sport === PORT || inp.dport === PORT) && n > 0 && b[e - 1] === 0x0a) {
      if (counter > 5) {
        setProto(flow, 0, ID);
        return Verdict.Yes;
      }
      return cursor.more(inp);
    }
    if (counter === 1) {
      if (n < 2 || n > 6) return Verdict.No;
      for (let i = s; i < e - 1; i++) if (b[i] < 0x30 || b[i] > 0x39) return Verdict.No;
      return cursor.more(inp);
    }
    if (counter === 2 && request(b, s, e)) {
      setProto(flow, 0, ID);
      request(b, s, e, flow);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
