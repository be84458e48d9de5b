/**
 * Telnet (RFC 854/855): option negotiation at the start of a direction — IAC (0xFF)
 * followed by WILL/WONT/DO/DONT and an option code, IAC SB … IAC SE subnegotiations and
 * the other two-byte IAC commands. Three valid commands (in either direction) decide, as
 * nDPI waits for three IAC packets; a stream that starts with IAC and then breaks the
 * rules is not Telnet.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowCounter, setProto } from './dissect-kit.js';

/** Bits 0-1: directions that failed; bits 2-11 / 12-21: commands seen per direction. */
const telnetState = new FlowCounter();

const ID = protocolId('Telnet');
const IAC = 0xff;
const SB = 0xfa;
const SE = 0xf0;
/** Negotiation commands wanted in total before deciding. */
const NEEDED = 3;
/** Bytes of each direction's stream parsed. */
const SCAN = 1024;
const MAX_LOOKS = 12;


/** Known option codes (RFC 855 registry: 0–50) and EXOPL (255). */
function knownOption(o: number): boolean {
  return o <= 50 || o === 255;
}

/**
 * Counts the IAC commands at the start of b[s..e): the count, or -1 when the stream does
 * not start with IAC or an IAC sequence is invalid. Data after the negotiation ends the count.
 */
export function telnetCommands(b: Uint8Array, s: number, e: number): number {
  const end = Math.min(e, s + SCAN);
  if (s >= end || b[s] !== IAC) return -1;
  let n = 0;
  let i = s;
  while (i < end) {
    if (b[i] !== IAC) break;
    if (i + 1 >= end) break;
    const c = b[i + 1];
    if (c >= 0xfb && c <= 0xfe) {
      if (i + 2 >= end) break;
      if (!knownOption(b[i + 2])) return -1;
      i += 3;
    } else if (c === SB) {
      if (i + 2 >= end) break;
      if (!knownOption(b[i + 2])) return -1;
      let j = i + 3;
      while (j + 1 < end && !(b[j] === IAC && b[j + 1] === SE)) j++;
      if (j + 1 >= end) break; // subnegotiation continues in a later segment
      i = j + 2;
    } else if (c >= 0xf1 && c <= 0xf9) {
      i += 2;
    } else return -1;
    n++;
  }
  return n;
}

export const telnet: Dissector = {
  name: 'Telnet',
  transports: [6],
  ports: [23],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    let st = telnetState.get(flow);
    const n = telnetCommands(inp.data, inp.off, inp.off + inp.len);
    const shift = inp.dir === 0 ? 2 : 12;
    if (n < 0) st |= 1 << inp.dir;
    else st = (st & ~(0x3ff << shift)) | (Math.min(n, 0x3ff) << shift);
    telnetState.set(flow, st);
    const bad = st & 3;
    const cmds = ((st >> 2) & 0x3ff) + ((st >> 12) & 0x3ff);
    if (cmds >= NEEDED) {
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    if (bad === 3 || inp.packetIndex + 1 >= MAX_LOOKS) return Verdict.No;
    // one direction failed and the other has said nothing yet
    if (bad !== 0 && cmds === 0 && inp.packetIndex >= 5) return Verdict.No;
    return Verdict.More;
  },
};
