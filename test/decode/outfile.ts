/** Reads the flow lines of nDPI's `.out` result files (see the corpus README). */
import { readFileSync } from 'node:fs';

const L4: Record<string, number> = { TCP: 6, UDP: 17, ICMP: 1, ICMPV6: 58, IGMP: 2, ESP: 50, GRE: 47, SCTP: 132, AH: 51 };

export interface OutFlow {
  proto: number;
  a: string;
  b: string;
  vlan: number;
  /** Tunnel prefix of the proto field ('GRE', 'VXLAN', 'GTP', 'CAPWAP') or ''. */
  tunnel: string;
  line: string;
}

export function readOutFlows(file: string): OutFlow[] {
  const flows: OutFlow[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\t\d+\t(\S+) (\S+) (?:<->|->) (\S+) (.*)$/.exec(line);
    if (!m) continue;
    const proto = L4[m[1]] ?? (/^\d+$/.test(m[1]) ? Number(m[1]) : -1);
    const vlan = /\[VLAN: (\d+)\]/.exec(m[4]);
    const tun = /\[proto: ([A-Z]+):/.exec(m[4]);
    flows.push({ proto, a: m[2], b: m[3], vlan: vlan ? Number(vlan[1]) : 0, tunnel: tun ? tun[1] : '', line });
  }
  return flows;
}

export function outKey(f: OutFlow): string {
  return endpointsKey(f.proto, f.a, f.b, f.vlan);
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
