import type { Flow } from '../flow/flow.js';

/**
 * What one flow's classification leaves for later flows of the same run, as nDPI's LRU
 * caches do (its "DPI (cache)" verdicts): an endpoint (address and port) seen in a flow
 * with a known service names that service for later flows that use the endpoint.
 * Bounded: the oldest entry goes first (nDPI's caches hold 1024 entries by default).
 */
export class EndpointCache {
  private readonly map = new Map<string, number>();
  constructor(private readonly max = 1024) {}

  /** Remembers `id` for the endpoint (address text, port). */
  add(addr: string, port: number, id: number): void {
    const k = `${addr}#${port}`;
    this.map.delete(k);
    this.map.set(k, id);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  /** The id remembered for the endpoint, or 0. */
  get(addr: string, port: number): number {
    return this.map.get(`${addr}#${port}`) ?? 0;
  }

  /** Both endpoints of a flow. */
  addFlow(flow: Flow, id: number): void {
    this.add(flow.cliAddr(), flow.cliPort, id);
    this.add(flow.srvAddr(), flow.srvPort, id);
  }

  /** The id remembered for the flow's client endpoint, else its server endpoint, or 0. */
  forFlow(flow: Flow): number {
    return this.get(flow.cliAddr(), flow.cliPort) || this.get(flow.srvAddr(), flow.srvPort);
  }

  get size(): number {
    return this.map.size;
  }
}

/** The caches of one run's classifier, handed to dissectors (DissectInput.caches). */
export class ClassifierCaches {
  /** STUN/TURN endpoints of flows with a service (nDPI's stun cache). */
  readonly stun = new EndpointCache();
}
