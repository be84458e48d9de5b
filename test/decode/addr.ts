/** Endpoint keys for the decoder tests, printed as nDPI's .out files do (formatAddr: RFC 5952). */
import type { PacketInfo } from '../../lib/decode/packet.js';
import { formatAddr } from '../../lib/flow/flow.js';
import type { NdpiEndpoint, NdpiFlow } from '../../scripts/support/ndpi-out.js';

/** "addr:port" of one side; ports of TCP and UDP only, as ndpiReader keys flows (0 for the others). */
export function fmtEndpoint(p: PacketInfo, src: boolean): string {
  const ip = formatAddr(p.ipVersion === 4 ? 4 : 6, src ? p.src : p.dst);
  const port = p.proto === 6 || p.proto === 17 ? (src ? p.sport : p.dport) : 0;
  return p.ipVersion === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Direction-free flow key: "proto A B vlan" with the endpoints sorted. */
export function flowKey(p: PacketInfo): string {
  return endpointsKey(p.proto, fmtEndpoint(p, true), fmtEndpoint(p, false), p.vlanId);
}

/** The same key for a flow line of nDPI's .out file. */
export function ndpiFlowKey(f: NdpiFlow): string {
  return endpointsKey(f.ipProto, ndpiEndpoint(f.a), ndpiEndpoint(f.b), f.vlan);
}

/** "addr:port" as nDPI prints it ("[v6]:port"). */
function ndpiEndpoint(e: NdpiEndpoint): string {
  return e.addr.includes(':') ? `[${e.addr}]:${e.port}` : `${e.addr}:${e.port}`;
}

/**
 * Direction-free key of a flow from "addr:port" texts. IPv6 zero groups are dropped because
 * nDPI's printer is not canonical (it may print '::' twice or for a single zero group).
 */
export function endpointsKey(proto: number, a: string, b: string, vlan: number): string {
  const la = loose(a);
  const lb = loose(b);
  return `${proto} ${la < lb ? la : lb} ${la < lb ? lb : la} ${vlan}`;
}

function loose(ep: string): string {
  const m = /^\[(.*)\]:(\d+)$/.exec(ep);
  if (!m) return ep;
  const groups = m[1]
    .split(':')
    .filter((g) => g !== '' && parseInt(g, 16) !== 0)
    .map((g) => parseInt(g, 16).toString(16));
  return `[${groups.join(':')}]:${m[2]}`;
}
