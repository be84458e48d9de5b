import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { indexOfAscii, startsWith } from '../bytes.js';
import { FlowState, setOther, setProto, text } from './dissect-kit.js';
import { hasAscii, packetStart } from './media-kit.js';

/**
 * IRC (RFC 2812) over TCP, following nDPI's irc.c: three consecutive packets (either
 * direction) of 8+ bytes that end a line (last byte \n, or \n then a zero byte) and
 * start with a command (USER, NICK, PASS, PONG, HELLO, YOURIP, PING, JOIN, MODE, NOTICE,
 * PRIVMSG, VERSION) or are a prefixed (":") message carrying NOTICE or PRIVMSG. Any other
 * packet rules IRC out. Metadata: irc.user, the user name of a USER command (nDPI reports
 * it as clear-text credentials).
 */
const IRC = protocolId('IRC');
const COMMANDS = ['USER ', 'NICK ', 'PASS ', 'PONG ', 'HELLO ', 'YOURIP ', 'PING ', 'JOIN ', 'MODE ', 'NOTICE ', 'PRIVMSG ', 'VERSION '];

const stages = new FlowState<{ n: number }>(() => ({ n: 0 }));

function ircLine(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 8) return false;
  if (b[e - 1] !== 0x0a && !(b[e - 2] === 0x0a && b[e - 1] === 0x00)) return false;
  if (b[s] === 0x3a /* ':' */ && (hasAscii(b, s, e, 'NOTICE') || hasAscii(b, s, e, 'PRIVMSG'))) return true;
  for (const c of COMMANDS) if (startsWith(b, s, e, c)) return true;
  return false;
}

export const irc: Dissector = {
  name: 'IRC',
  transports: [6],
  ports: [194],
  // a flow opens with a command or ':' line of 8+ bytes
  pre: { tcp: { firstLook: true, minLen: 8, bytes: [0x3a, ...new Set(COMMANDS.map((c) => c.charCodeAt(0)))] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = packetStart(inp);
    const e = inp.off + inp.len;
    if (!ircLine(b, s, e)) return Verdict.No;
    const u = indexOfAscii(b, s, e, 'USER ');
    if (u >= 0) {
      let q = u + 5;
      while (q < e && q < u + 5 + 31 && b[q] !== 0x20 && b[q] !== 0x0d && b[q] !== 0x0a) q++;
      const user = text(b, u + 5, q);
      if (user !== '') setOther(inp.flow, 'irc.user', user);
    }
    const st = stages.get(inp.flow);
    if (++st.n < 3) return Verdict.More;
    setProto(inp.flow, 0, IRC);
    return Verdict.Yes;
  },
};
