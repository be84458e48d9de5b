import type { Flow } from '../../lib/flow/flow.js';
import type { NdpiFlow } from '../../scripts/support/ndpi-out.js';

/**
 * Canonical text of an address for matching against nDPI's `.out` lines. nDPI prints IPv6
 * with its own formatter (it compresses a single zero group, and sometimes prints two
 * "::"); both sides are expanded to 8 full groups. Returns undefined when unparseable.
 */
export function canonicalAddr(a: string): string | undefined {
  if (!a.includes(':')) return a;
  const parts = a.split('::');
  if (parts.length > 2) return undefined;
  const head = parts[0] ? parts[0].split(':') : [];
  const tail = parts.length === 2 && parts[1] ? parts[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (parts.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...new Array(parts.length === 2 ? missing : 0).fill('0'), ...tail];
  return groups.map((g) => parseInt(g, 16).toString(16)).join(':');
}

function side(addr: string | undefined, port: number): string {
  return `${addr ?? '?'}|${port}`;
}

/** Unordered endpoint pair + VLAN + IP protocol. */
export function pairKey(a: string | undefined, ap: number, b: string | undefined, bp: number, vlan: number, proto: number): string {
  const x = side(a, ap);
  const y = side(b, bp);
  return `${x < y ? x + '/' + y : y + '/' + x}|${vlan}|${proto}`;
}

export function flowKey(f: Flow): string {
  return pairKey(canonicalAddr(f.cliAddr()), f.cliPort, canonicalAddr(f.srvAddr()), f.srvPort, f.vlanId, f.proto);
}

/**
 * A port as ndpiReader keys it: it reads ports for TCP and UDP only (get_ndpi_flow_info), every
 * other protocol (SCTP, ICMP …) is keyed and printed with ports 0.
 */
export function ndpiPort(proto: number, port: number): number {
  return proto === 6 || proto === 17 ? port : 0;
}

/** flowKey with ports as ndpiReader keys them (ndpiPort): flows that are one flow to nDPI share it. */
export function ndpiStyleKey(f: Flow): string {
  return pairKey(canonicalAddr(f.cliAddr()), ndpiPort(f.proto, f.cliPort), canonicalAddr(f.srvAddr()), ndpiPort(f.proto, f.srvPort), f.vlanId, f.proto);
}

export function ndpiKey(n: NdpiFlow): string {
  return pairKey(canonicalAddr(n.a.addr), n.a.port, canonicalAddr(n.b.addr), n.b.port, n.vlan, n.ipProto);
}

/**
 * Find our flow for an nDPI flow line: by key, or — when nDPI printed an address it
 * cannot parse back — by the other endpoint, ports, VLAN and protocol.
 */
export function findFlow(byKey: Map<string, Flow>, flows: Flow[], n: NdpiFlow): Flow | undefined {
  const exact = byKey.get(ndpiKey(n));
  if (exact) return exact;
  const a = canonicalAddr(n.a.addr);
  const b = canonicalAddr(n.b.addr);
  if (a !== undefined && b !== undefined) return undefined;
  const known = a ?? b;
  return flows.find((f) => {
    if (f.proto !== n.ipProto || f.vlanId !== n.vlan) return false;
    const ends = [
      [canonicalAddr(f.cliAddr()), f.cliPort],
      [canonicalAddr(f.srvAddr()), f.srvPort],
    ];
    const ports = new Set([f.cliPort, f.srvPort]);
    return ports.has(n.a.port) && ports.has(n.b.port) && ends.some(([x]) => x === known);
  });
}

/** Our per-direction counters in nDPI's A→B orientation: [aPkts, aBytes, bPkts, bBytes]. */
export function countsAsNdpi(f: Flow, n: NdpiFlow): number[] {
  const cli = canonicalAddr(f.cliAddr());
  const a = canonicalAddr(n.a.addr);
  const b = canonicalAddr(n.b.addr);
  // is our client nDPI's A side? (decided by B when nDPI's A address does not parse)
  const port = ndpiPort(f.proto, f.cliPort);
  const aIsCli = a !== undefined ? cli === a && port === n.a.port : !(cli === b && port === n.b.port);
  return aIsCli
    ? [f.cli2srvPackets, f.cli2srvBytes, f.srv2cliPackets, f.srv2cliBytes]
    : [f.srv2cliPackets, f.srv2cliBytes, f.cli2srvPackets, f.cli2srvBytes];
}
