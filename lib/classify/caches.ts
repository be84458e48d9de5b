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
  /** With `tagOf`: how many keys remembered carry each tag. */
  private readonly tags = new Map<number, number>();
  /**
   * `tagOf`: a number each key carries (the tinc key's port), so that a caller can tell
   * that no key can match (`mayHaveTag`) without making the keys it would look up.
   */
  constructor(
    private readonly max: number,
    private readonly tagOf?: (key: string) => number,
  ) {}
  add(key: string): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.tag(key, 1);
    if (this.keys.size > this.max) {
      const oldest = this.keys.values().next().value!;
      this.keys.delete(oldest);
      this.tag(oldest, -1);
    }
  }
  get size(): number {
    return this.keys.size;
  }
  /** True (and forgotten) when the key was remembered. */
  take(key: string): boolean {
    if (!this.keys.delete(key)) return false;
    this.tag(key, -1);
    return true;
  }
  /** False when no key remembered carries tag t (always true without `tagOf`). */
  mayHaveTag(t: number): boolean {
    return this.tagOf === undefined || this.tags.has(t);
  }
  private tag(key: string, d: number): void {
    if (this.tagOf === undefined) return;
    const t = this.tagOf(key);
    const n = (this.tags.get(t) ?? 0) + d;
    if (n > 0) this.tags.set(t, n);
    else this.tags.delete(t);
  }
}

/**
 * Values computed from byte strings (a fingerprint's digest, a parsed certificate),
 * remembered by those bytes so that a run computes each distinct one once while it repeats
 * (the same client software, the same server certificate on many flows). A 32-bit hash of
 * the bytes picks the entry and a copy of the bytes confirms it, so a value is only ever
 * returned for the very bytes it was computed from. At most `max` entries: all dropped when
 * full (the values are the same either way; only the time to compute them changes).
 */
export class BytesMemo<T> {
  private readonly map = new Map<number, { bytes: Uint8Array; value: T }>();
  constructor(private readonly max = 1024) {}

  /** The value remembered for b[s..e), or undefined. */
  get(b: Uint8Array, s: number, e: number): T | undefined {
    const x = this.map.get(fnv1a(b, s, e));
    return x !== undefined && sameBytes(x.bytes, b, s, e) ? x.value : undefined;
  }

  /** Remembers `value` for b[s..e) (a copy of the bytes is kept). */
  set(b: Uint8Array, s: number, e: number, value: T): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(fnv1a(b, s, e), { bytes: b.slice(s, e), value });
  }

  get size(): number {
    return this.map.size;
  }
}

/** FNV-1a of b[s..e). */
function fnv1a(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h;
}

function sameBytes(a: Uint8Array, b: Uint8Array, s: number, e: number): boolean {
  if (a.length !== e - s) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[s + i]) return false;
  return true;
}
