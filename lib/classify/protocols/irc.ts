/**
 * IRC (RFC 1459/2812), following nDPI's irc.c: three consecutive TCP segments that each end
 * a line ("\n", or "\n\0") and start with a client/server verb — USER, NICK, PASS, PONG,
 * HELLO, YOURIP, PING, JOIN, MODE, NOTICE, PRIVMSG, VERSION — or with ':' (a server
 * prefix) and hold NOTICE or PRIVMSG. Any other segment rules IRC out.
 * Metadata: irc.user (the USER command's first parameter, a clear-text credential).
 */
import { indexOfAscii, startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setOther, setProto, text } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('IRC');
const VERBS: readonly string[] = [
  'USER ', 'NICK ', 'PASS ', 'PONG ', 'HELLO ', 'YOURIP ', 'PING ', 'JOIN ', 'MODE ', 'NOTICE ', 'PRIVMSG ', 'VERSION ',
];
const cursor = new SegmentCursor();
const stage = new FlowState<{ v: number; user: string }>(() => ({ v: 0, user: '' }));

/** True when the segment b[s..e) is an IRC line as nDPI checks it. */
export function ircSegment(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 8) return false;
  if (b[e - 1] !== 0x0a && !(b[e - 2] === 0x0a && b[e - 1] === 0)) return false;
  for (const v of VERBS) if (startsWith(b, s, e, v)) return true;
  return b[s] === 0x3a && (indexOfAscii(b, s, e, 'NOTICE') >= 0 || indexOfAscii(b, s, e, 'PRIVMSG') >= 0);
}

export const irc: Dissector = {
  name: 'IRC',
  transports: [6],
  ports: [194],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const e = inp.off + inp.len;
    if (!ircSegment(b, s, e)) return Verdict.No;
    const st = stage.get(inp.flow);
    const u = indexOfAscii(b, s, e, 'USER ');
    if (u >= 0 && st.user === '') {
      let end = u + 5;
      while (end < e && end < u + 5 + 31 && b[end] !== 0x20 && b[end] !== 0x0d && b[end] !== 0x0a) end++;
      st.user = text(b, u + 5, end);
    }
    st.v++;
    if (st.v < 3) return cursor.more(inp);
    setProto(inp.flow, 0, ID);
    if (st.user !== '') setOther(inp.flow, 'irc.user', st.user);
    return Verdict.Yes;
  },
};
