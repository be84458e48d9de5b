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

  /** The id remembered for the endpoint, forgotten (taken), or -1 when none. */
  take(addr: string, port: number): number {
    const k = `${addr}#${port}`;
    const id = this.map.get(k);
    if (id === undefined) return -1;
    this.map.delete(k);
    return id;
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

/**
 * Keys remembered once and taken back by the first flow that finds them (nDPI's tinc
 * cache: a tinc meta connection announces the peers' UDP data flow). Bounded, oldest first.
 */
export class OneShotCache {
  private readonly keys = new Set<string>();
  constructor(private readonly max: number) {}
  add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value!);
  }
  get size(): number {
    return this.keys.size;
  }
  /** True (and forgotten) when the key was remembered. */
  take(key: string): boolean {
    return this.keys.delete(key);
  }
}
