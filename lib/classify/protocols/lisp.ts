/**
 * LISP (Locator/ID Separation Protocol, RFC 9300/9301). UDP: data (4341) or control (4342)
 * traffic with the same LISP port on both sides — nDPI's lisp.c decides on the ports alone,
 * on the first datagram. TCP on port 4342 (either side; the map-server reliable transport):
 * the first payload is a run of messages, each an 8-byte header (type, a length counting
 * the whole message, message id) and its body, ending exactly at the packet's end — a
 * check taken from that transport's message format, as nDPI's test captures show LISP
 * sessions over TCP detected from their first payload.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('LISP');

/** Reliable-transport messages filling b[s..e) exactly. */
export function isLispTcp(b: Uint8Array, s: number, e: number): boolean {
  let p = s;
  while (e - p >= 12) {
    const type = u16(b, p);
    const len = u16(b, p + 2);
    if (type < 16 || type > 30 || len < 12 || len > e - p || u32(b, p + len - 4) !== 0x9facade9) return false;
    p += len;
    if (p === e) return true;
  }
  return false;
}

export const lisp: Dissector = {
  name: 'LISP',
  transports: [6, 17],
  ports: [4341, 4342],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const p = inp.sport;
    if (inp.transport === 6) {
      if (p !== 4342 && inp.dport !== 4342) return Verdict.No;
      if (!isLispTcp(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    } else if (p !== inp.dport || (p !== 4341 && p !== 4342)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
