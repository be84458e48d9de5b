/**
 * Apple Push Notification service (nDPI apple_push.c): TCP with payload on port 5223 (APNs)
 * or 2197 (APNs over HTTP/2 alternative port) to or from Apple's push ranges — 17.0.0.0/8,
 * and the IPv6 prefixes 2620:149:a44::/48, 2403:300:a42::/48, 2403:300:a51::/48 and
 * 2a01:b740:a42::/48 as nDPI lists them. The TLS underneath is not looked into: nDPI
 * names the flow at the first payload packet that TLS (tried before) did not claim.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import type { Flow } from '../../flow/flow.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('ApplePush');

/** The IPv6 /48 prefixes: first 32-bit word, then the high 16 bits of the second. */
const V6_PREFIXES: readonly (readonly [number, number])[] = [
  [0x26200149, 0x0a44],
  [0x24030300, 0x0a42],
  [0x24030300, 0x0a51],
  [0x2a0ab740, 0x0a42],
];

function applePushAddr(version: 4 | 6, w: ArrayLike<number>): boolean {
  if (version === 4) return w[0] >>> 24 === 17;
  const w0 = w[0] >>> 0;
  const hi = w[1] >>> 16;
  for (const [a, b] of V6_PREFIXES) if (w0 === a && hi === b) return true;
  return false;
}

/** True when either end of the flow is in one of Apple's push ranges. */
export function isApplePushFlow(flow: Flow): boolean {
  return applePushAddr(flow.ipVersion, flow.cli) || applePushAddr(flow.ipVersion, flow.srv);
}

export const applePush: Dissector = {
  name: 'ApplePush',
  transports: [6],
  // no port priority: nDPI runs TLS first, so a ClientHello seen at once keeps the flow TLS
  pre: { tcp: { ports: [5223, 2197] } },
  dissect(inp: DissectInput): Verdict {
    const p = inp.sport;
    const q = inp.dport;
    if (p !== 5223 && q !== 5223 && p !== 2197 && q !== 2197) return Verdict.No;
    if (!isApplePushFlow(inp.flow)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
