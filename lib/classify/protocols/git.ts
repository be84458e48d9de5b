/**
 * Git smart protocol (git://, TCP 9418), following nDPI's git.c: on port 9418, a segment
 * of more than 4 bytes made of pkt-lines — each a 4-hex-digit length that is nonzero and
 * fits in what is left. nDPI reads the length with sscanf("%x"), which takes the leading
 * hex digits of the 4 characters; so does this.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { hexDigit } from '../bytes.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Git');
const PORT = 9418;

/** The pkt-line length at b[p..p+4) as sscanf("%x") reads it, or -1 when no digit. */
function pktLen(b: Uint8Array, p: number): number {
  let v = 0;
  let i = 0;
  while (i < 4 && (b[p + i] === 0x20 || (b[p + i] >= 0x09 && b[p + i] <= 0x0d))) i++; // %x skips white space
  let digits = 0;
  for (; i < 4; i++) {
    const d = hexDigit(b[p + i]);
    if (d < 0) break;
    v = v * 16 + d;
    digits++;
  }
  return digits > 0 ? v : -1;
}

/** True when b[s..s+n) is a run of pkt-lines as nDPI checks it. */
export function gitPktLines(b: Uint8Array, s: number, n: number): boolean {
  let off = 0;
  let left = n;
  while (off + 4 < left) {
    const len = pktLen(b, s + off);
    if (len < 0 || left < len || len === 0) return false;
    off += len;
    left -= len;
  }
  return true;
}

export const git: Dissector = {
  name: 'Git',
  transports: [6],
  ports: [PORT],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.len <= 4 || (inp.sport !== PORT && inp.dport !== PORT)) return Verdict.No;
    if (!gitPktLines(inp.data, inp.off, inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
