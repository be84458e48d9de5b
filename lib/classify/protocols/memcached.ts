/**
 * memcached text protocol, following nDPI's memcached.c: payloads (TCP segments of at
 * least 5 bytes, or UDP datagrams whose 8-byte frame header has a nonzero sequence count
 * and zero reserved bytes) starting with a command ("set ", "get ", "delete ", "stats" …)
 * or a reply ("STORED\r\n", "END\r\n", "VALUE"-less "STAT " …). Two such payloads decide;
 * after 5 payloads without, it is not memcached.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('Memcached');
const UDP_HEADER = 8;
const MIN_LEN = 5; // "END\r\n"
const WORDS: readonly string[] = [
  'set ', 'add ', 'replace ', 'append ', 'prepend ', 'cas ', 'get ', 'gets ', 'delete ', 'incr ', 'decr ', 'touch ',
  'gat ', 'gats ', 'stats', 'ERROR\r\n', 'CLIENT_ERROR ', 'SERVER_ERROR ', 'STORED\r\n', 'NOT_STORED\r\n',
  'EXISTS\r\n', 'NOT_FOUND\r\n', 'END\r\n', 'DELETED\r\n', 'TOUCHED\r\n', 'STAT ',
];
const cursor = new SegmentCursor();
const matches = new FlowState<{ n: number }>(() => ({ n: 0 }));

export const memcached: Dissector = {
  name: 'Memcached',
  transports: [6, 17],
  ports: [11211],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    let s = cursor.next(inp);
    const e = inp.off + inp.len;
    if (inp.transport === 6) {
      if (e - s < MIN_LEN) return Verdict.No;
    } else {
      if (e - s < MIN_LEN + UDP_HEADER) return Verdict.No;
      if ((b[s + 4] === 0 && b[s + 5] === 0) || b[s + 6] !== 0 || b[s + 7] !== 0) return Verdict.No;
      s += UDP_HEADER;
    }
    let hit = false;
    for (const w of WORDS) {
      if (startsWith(b, s, e, w)) {
        hit = true;
        break;
      }
    }
    if (hit) {
      const st = matches.get(inp.flow);
      if (++st.n >= 2) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
    }
    return inp.packetIndex + 1 > 5 ? Verdict.No : cursor.more(inp);
  },
};
