/**
 * Beckhoff ADS (Automation Device Specification) over TCP: an AMS/TCP header (reserved 0,
 * little-endian length of the rest) and a 32-byte AMS header whose data length covers the
 * rest, with state flags 4 or 5 (ADS command, request or response), a command id up to 9
 * and an error code up to 0x1E. At least 38 bytes; decided on the first payload. Follows
 * nDPI's beckhoff_ads.c.
 */
import { u16le, u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('BeckhoffADS');

export function isBeckhoffAds(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 38 || b[s] !== 0 || b[s + 1] !== 0 || u32le(b, s + 2) !== n - 6) return false;
  const a = s + 6;
  if (u32le(b, a + 20) !== n - 6 - 32) return false;
  const flags = u16le(b, a + 18);
  return (flags === 4 || flags === 5) && u16le(b, a + 16) <= 9 && u32le(b, a + 24) <= 0x1e;
}

export const beckhoffAds: Dissector = {
  name: 'BeckhoffADS',
  transports: [6],
  ports: [48898],
  pre: { tcp: { minLen: 38, bytes: [0] } },
  dissect(inp: DissectInput): Verdict {
    if (!isBeckhoffAds(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
