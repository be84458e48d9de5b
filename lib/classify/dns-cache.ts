/**
 * Addresses seen in DNS answers → the query name and its service (from the host list).
 * Bounded LRU: a Map keeps insertion order; a hit moves the entry to the back and the front
 * is evicted when full. Keys are addresses in the text form of formatAddr (RFC 5952).
 */
export interface DnsCacheEntry {
  name: string;
  /** Service id matched from the name (0 when the name matched no pattern). */
  service: number;
}

export class DnsCache {
  private readonly map = new Map<string, DnsCacheEntry>();
  inserts = 0;
  lookups = 0;
  hits = 0;

  constructor(readonly capacity = 65536) {}

  get size(): number {
    return this.map.size;
  }

  set(addr: string, name: string, service: number): void {
    this.inserts++;
    const m = this.map;
    if (m.has(addr)) m.delete(addr);
    else if (m.size >= this.capacity) {
      const oldest = m.keys().next();
      if (!oldest.done) m.delete(oldest.value);
    }
    m.set(addr, { name, service });
  }

  get(addr: string): DnsCacheEntry | undefined {
    this.lookups++;
    const m = this.map;
    const e = m.get(addr);
    if (e === undefined) return undefined;
    this.hits++;
    m.delete(addr);
    m.set(addr, e);
    return e;
  }

  clear(): void {
    this.map.clear();
  }
}
