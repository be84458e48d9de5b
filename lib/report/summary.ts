import { DEFAULT_NAMES, type ProtocolNames } from '../classify/custom-protocols.js';
import type { Flow } from '../flow/flow.js';
import { l4Name } from '../flow/l4.js';
import { riskInfo } from '../risk/risks.js';

export interface Tally {
  name: string;
  flows: number;
  packets: number;
  bytes: number;
}

export interface Summary {
  flows: number;
  packets: number;
  bytes: number;
  /** Per L4 protocol, sorted by bytes (then name). */
  l4: Tally[];
  /** Per application protocol name (l7_proto_name), sorted by bytes (then name). */
  protocols: Tally[];
  /** The largest flows by bytes (ties by id). */
  topFlows: Flow[];
  alertedFlows: number;
  /** Per nDPI flow risk found: its id, name, severity and the flows that have it (most first). */
  risks: RiskTally[];
}

export interface RiskTally {
  id: number;
  name: string;
  severity: string;
  flows: number;
}

/** Aggregates flows as they end, holding only counters and the current top N. */
export class SummaryBuilder {
  private flows = 0;
  private packets = 0;
  private bytes = 0;
  private alerted = 0;
  private readonly l4 = new Map<string, Tally>();
  private readonly protos = new Map<string, Tally>();
  private top: Flow[] = [];
  /** Flows per risk id. */
  private readonly riskFlows = new Map<number, number>();

  constructor(
    private readonly topN: number,
    private readonly names: ProtocolNames = DEFAULT_NAMES,
  ) {}

  addFlow(f: Flow): void {
    const packets = f.packets;
    const bytes = f.bytes;
    this.flows++;
    this.packets += packets;
    this.bytes += bytes;
    if (f.alerts.length > 0) this.alerted++;
    const risks = f.risks;
    if (risks !== null) for (let i = 0; i < risks.length; i++) this.riskFlows.set(risks[i].id, (this.riskFlows.get(risks[i].id) ?? 0) + 1);
    tally(this.l4, l4Name(f.proto), packets, bytes);
    tally(this.protos, this.names.l7Name(f.l7Master, f.l7App), packets, bytes);
    if (this.topN > 0) {
      const top = this.top;
      if (top.length < this.topN || biggerFirst(f, top[top.length - 1]) < 0) {
        let i = top.length;
        while (i > 0 && biggerFirst(f, top[i - 1]) < 0) i--;
        top.splice(i, 0, f);
        if (top.length > this.topN) top.pop();
      }
    }
  }

  build(): Summary {
    return {
      flows: this.flows,
      packets: this.packets,
      bytes: this.bytes,
      l4: sortTallies([...this.l4.values()]),
      protocols: sortTallies([...this.protos.values()]),
      topFlows: this.top.slice(),
      alertedFlows: this.alerted,
      risks: sortRiskTallies(
        [...this.riskFlows].map(([id, flows]) => ({ id, name: riskInfo(id)?.name ?? String(id), severity: riskInfo(id)?.severity ?? 'low', flows })),
      ),
    };
  }
}

function tally(m: Map<string, Tally>, name: string, packets: number, bytes: number): void {
  let t = m.get(name);
  if (t === undefined) m.set(name, (t = { name, flows: 0, packets: 0, bytes: 0 }));
  t.flows++;
  t.packets += packets;
  t.bytes += bytes;
}

/** By bytes, then name (also for tallies summed over several builders: cli/jobs.ts). */
export function sortTallies(t: Tally[]): Tally[] {
  return t.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function biggerFirst(a: Flow, b: Flow): number {
  return b.bytes - a.bytes || a.id - b.id;
}

/** Most flows first, then by id. */
export function sortRiskTallies(t: RiskTally[]): RiskTally[] {
  return t.sort((a, b) => b.flows - a.flows || a.id - b.id);
}
