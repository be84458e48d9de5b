/**
 * NetFlow v1/v5/v7/v9 and IPFIX (v10) export datagrams, following nDPI's netflow.c: at
 * least 24 bytes; for v1/5/7/9 a record count of 1..30 and, for v1/5/7, a datagram length
 * equal to the header plus that many fixed-size records (48/48/52 bytes; header 16/24/24);
 * for IPFIX a message length equal to the datagram. The header's time (sysUptime's
 * neighbour unix_secs at offset 8, or IPFIX's export time at offset 4) must be a date
 * between 2000-01-01 and now (v1 also accepts 0).
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('NetFlow');
const Y2000 = 946684800;

/** True when b[s..s+n) is a NetFlow/IPFIX export header as nDPI checks it. */
export function netflowHeader(b: Uint8Array, s: number, n: number, now: number): boolean {
  if (n < 24) return false;
  const version = u16(b, s);
  const count = u16(b, s + 2);
  let timeAt: number;
  if (version === 1 || version === 5 || version === 7 || version === 9) {
    if (count === 0 || count > 30) return false;
    const expected = version === 1 ? count * 48 + 16 : version === 5 ? count * 48 + 24 : version === 7 ? count * 52 + 24 : 0;
    if (expected > 0 && expected !== n) return false;
    timeAt = 8;
  } else if (version === 10) {
    if (count !== n) return false;
    timeAt = 4;
  } else return false;
  const when = u32(b, s + timeAt);
  return (version === 1 && when === 0) || (when >= Y2000 && when <= now);
}

export const netflow: Dissector = {
  name: 'NetFlow',
  transports: [17],
  ports: [2055],
  pre: { udp: { minLen: 24, bytes: [0] } }, // a version below 256 (1, 5, 7, 9, 10)
  dissect(inp: DissectInput): Verdict {
    if (!netflowHeader(inp.data, inp.off, inp.len, Math.floor(Date.now() / 1000))) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
