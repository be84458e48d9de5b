/**
 * NATS messaging, following nDPI's nats.c: the first TCP segment longer than 4 bytes (shorter ones are skipped)
 * starts with one of the protocol's verbs ("INFO {", "CONNECT {", "PUB ", "SUB ", "UNSUB ",
 * "MSG ", "PING", "PONG") and holds a CRLF; any other first segment rules NATS out.
 */
import { indexOfCrlf } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Nats');
const cursor = new SegmentCursor();
const VERBS: readonly string[] = ['INFO {', 'CONNECT {', 'PUB ', 'SUB ', 'UNSUB ', 'MSG ', 'PING', 'PONG'];

/** nDPI compares min(verb length, segment length) bytes. */
function startsWithVerb(b: Uint8Array, s: number, n: number): boolean {
  for (const v of VERBS) {
    const k = Math.min(v.length, n);
    let ok = true;
    for (let i = 0; i < k; i++) {
      if (b[s + i] !== v.charCodeAt(i)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

export const nats: Dissector = {
  name: 'Nats',
  transports: [6],
  ports: [4222],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    if (n <= 4) return cursor.more(inp);
    if (!startsWithVerb(b, s, n) || indexOfCrlf(b, s, s + n) < 0) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
