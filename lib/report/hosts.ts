/**
 * The hosts view (`--view hosts`, like tshark's `-z endpoints,ip`): per address, how many flows it
 * took part in (as client and as server), packets and bytes sent and received, its protocols and
 * the alerts of its flows. Built flow by flow as flows end, so memory follows the number of hosts,
 * not of flows.
 */

/** What the view needs of a flow (a Flow at its end, or a FlowDoc of a report read back). */
export interface HostFlow {
  cli: string;
  srv: string;
  cli2srvPackets: number;
  cli2srvBytes: number;
  srv2cliPackets: number;
  srv2cliBytes: number;
  /** nDPI's name of the application ("TLS.Google", "DNS", "Unknown"). */
  protocol: string;
  alerts: number;
}

export interface HostRow {
  host: string;
  flows: number;
  /** Flows the host opened (client) and answered (server). */
  flows_as_client: number;
  flows_as_server: number;
  packets_sent: number;
  bytes_sent: number;
  packets_received: number;
  bytes_received: number;
  /** Alerts of the flows the host took part in. */
  alerts: number;
  /** Its protocols by flows, most flows first (ties by name). */
  protocols: { name: string; flows: number }[];
}

class HostAcc {
  flowsAsClient = 0;
  flowsAsServer = 0;
  packetsSent = 0;
  bytesSent = 0;
  packetsReceived = 0;
  bytesReceived = 0;
  alerts = 0;
  readonly protocols = new Map<string, number>();

  /** One flow, seen from this host: what it sent and received. */
  credit(asClient: boolean, pktsSent: number, bytesSent: number, pktsReceived: number, bytesReceived: number, f: HostFlow): void {
    if (asClient) this.flowsAsClient++;
    else this.flowsAsServer++;
    this.packetsSent += pktsSent;
    this.bytesSent += bytesSent;
    this.packetsReceived += pktsReceived;
    this.bytesReceived += bytesReceived;
    this.alerts += f.alerts;
    this.protocols.set(f.protocol, (this.protocols.get(f.protocol) ?? 0) + 1);
  }
}

export class HostsBuilder {
  private readonly hosts = new Map<string, HostAcc>();

  add(f: HostFlow): void {
    this.acc(f.cli).credit(true, f.cli2srvPackets, f.cli2srvBytes, f.srv2cliPackets, f.srv2cliBytes, f);
    // a flow from a host to itself counts once for the host
    if (f.srv !== f.cli) this.acc(f.srv).credit(false, f.srv2cliPackets, f.srv2cliBytes, f.cli2srvPackets, f.cli2srvBytes, f);
  }

  get size(): number {
    return this.hosts.size;
  }

  /** Hosts by bytes sent and received (most first), then by address text. */
  rows(): HostRow[] {
    const out: HostRow[] = [];
    for (const [host, a] of this.hosts) {
      out.push({
        host,
        flows: a.flowsAsClient + a.flowsAsServer,
        flows_as_client: a.flowsAsClient,
        flows_as_server: a.flowsAsServer,
        packets_sent: a.packetsSent,
        bytes_sent: a.bytesSent,
        packets_received: a.packetsReceived,
        bytes_received: a.bytesReceived,
        alerts: a.alerts,
        protocols: [...a.protocols]
          .map(([name, flows]) => ({ name, flows }))
          .sort((x, y) => y.flows - x.flows || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
      });
    }
    const total = (r: HostRow): number => r.bytes_sent + r.bytes_received;
    return out.sort((x, y) => total(y) - total(x) || (x.host < y.host ? -1 : x.host > y.host ? 1 : 0));
  }

  private acc(host: string): HostAcc {
    let a = this.hosts.get(host);
    if (a === undefined) this.hosts.set(host, (a = new HostAcc()));
    return a;
  }
}
