/**
 * Diameter (RFC 6733), following nDPI's diameter.c: a TCP segment of at least 20 bytes —
 * version 1, flags exactly one of request (0x80), proxyable (0x40), error (0x20) or
 * retransmitted (0x10), and a command code among Accounting (271), Abort-Session (274),
 * Credit-Control (272), Capabilities-Exchange (257), Device-Watchdog (280),
 * Disconnect-Peer (282), Re-Auth (258), Session-Termination (275). nDPI combines the
 * three command-code bytes as c2 + (c1 << 8) + (c0 << 8); so does this.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Diameter');
const FLAGS: ReadonlySet<number> = new Set([0x80, 0x40, 0x20, 0x10]);
const COMMANDS: ReadonlySet<number> = new Set([271, 274, 272, 257, 280, 282, 258, 275]);

/** True when b[s..s+n) starts with a Diameter header as nDPI checks it. */
export function diameterHeader(b: Uint8Array, s: number, n: number): boolean {
  if (n < 20 || b[s] !== 1 || !FLAGS.has(b[s + 4])) return false;
  const code = (b[s + 7] + (b[s + 6] << 8) + (b[s + 5] << 8)) & 0xffff;
  return COMMANDS.has(code);
}

export const diameter: Dissector = {
  name: 'Diameter',
  transports: [6],
  ports: [3868],
  pre: { tcp: { minLen: 20, bytes: [1] } }, // version 1
  dissect(inp: DissectInput): Verdict {
    if (!diameterHeader(inp.data, inp.off, inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
