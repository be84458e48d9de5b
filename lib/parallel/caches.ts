/**
 * The cross-flow caches under `--jobs N`. Each worker keeps its own copy of the run's caches
 * (the DNS cache, nDPI's STUN and tinc caches, FTP data expectations: lib/classify/context.ts),
 * filled by its own flows only, and logs every operation with the place of the event in the
 * one-thread run (its key, lib/parallel/order.ts). The main thread (`CacheJudge`) replays the
 * logs on copies made as the classifier makes its caches: one fed every worker's operations in
 * key order — the one-thread run's cache — and one per worker fed only that worker's, which
 * is what its dissectors saw. A lookup whose answer differs between the two in what the
 * dissector does with it is a *conflict*: the run is redone in one thread (lib/parallel/run.ts)
 * so the answer is always the one-thread answer. Evictions (a cache at its capacity) are
 * replayed too: the copies are the real cache classes. (Ported from session 6's fam/jobs.)
 */
import type { Classifier } from '../classify/classifier.js';
import { DissectContext } from '../classify/context.js';
import type { EndpointCache, OneShotCache } from '../classify/caches.js';
import { DnsCache, type DnsCacheEntry } from '../classify/dns-cache.js';
import { keyLess, type Key } from './order.js';

/** One worker's cache operations (parallel arrays; k0..k2: the event's key). */
export interface CacheLog {
  kind: number[];
  /** The address (DNS, STUN, FTP data) or the key (tinc). */
  key: string[];
  port: number[];
  k0: number[];
  k1: number[];
  k2: number[];
  op: number[];
  /** A write's value: the DNS entry's service id, a STUN endpoint's service, an FTP data endpoint's control flow id (the worker's own). */
  val: number[];
  /** A DNS write's name. */
  name: string[];
}

export const enum CacheOp {
  Read = 0,
  Write = 1,
  /** Read and remove. */
  Take = 2,
}

export const enum CacheKind {
  Dns = 0,
  Stun = 1,
  Tinc = 2,
  FtpData = 3,
}

export const CACHE_KINDS = ['DNS', 'STUN', 'tinc', 'FTP data'] as const;

export function newCacheLog(): CacheLog {
  return { kind: [], key: [], port: [], k0: [], k1: [], k2: [], op: [], val: [], name: [] };
}

/**
 * Wraps the classifier's caches so that each operation is logged; its key is filled in later
 * (`stamp`), when the worker knows the event's place.
 */
export function instrumentCaches(classifier: Classifier, log: CacheLog): void {
  const record = (kind: CacheKind, key: string, port: number, op: CacheOp, val: number, name: string): void => {
    log.kind.push(kind);
    log.key.push(key);
    log.port.push(port);
    log.k0.push(-1);
    log.k1.push(0);
    log.k2.push(0);
    log.op.push(op);
    log.val.push(val);
    log.name.push(name);
  };
  const ctx = classifier.context;
  const dns: DnsCache = classifier.dnsCache;
  const dnsSet = dns.set.bind(dns);
  const dnsGet = dns.get.bind(dns);
  dns.set = (addr, name, service) => {
    record(CacheKind.Dns, addr, 0, CacheOp.Write, service, name);
    dnsSet(addr, name, service);
  };
  dns.get = (addr) => {
    record(CacheKind.Dns, addr, 0, CacheOp.Read, 0, '');
    return dnsGet(addr);
  };
  const endpoints = (kind: CacheKind, c: EndpointCache): void => {
    const add = c.add.bind(c);
    const get = c.get.bind(c);
    const take = c.take.bind(c);
    c.add = (addr, port, id) => {
      record(kind, addr, port, CacheOp.Write, id, '');
      add(addr, port, id);
    };
    c.get = (addr, port) => {
      record(kind, addr, port, CacheOp.Read, 0, '');
      return get(addr, port);
    };
    c.take = (addr, port) => {
      record(kind, addr, port, CacheOp.Take, 0, '');
      return take(addr, port);
    };
  };
  endpoints(CacheKind.Stun, ctx.stun);
  endpoints(CacheKind.FtpData, ctx.ftpData);
  const tinc: OneShotCache = ctx.tinc;
  const tAdd = tinc.add.bind(tinc);
  const tTake = tinc.take.bind(tinc);
  tinc.add = (key) => {
    record(CacheKind.Tinc, key, 0, CacheOp.Write, 0, '');
    tAdd(key);
  };
  tinc.take = (key) => {
    record(CacheKind.Tinc, key, 0, CacheOp.Take, 0, '');
    return tTake(key);
  };
}

/** Gives the operations logged from `from` on the key `k`. */
export function stamp(log: CacheLog, from: number, k: Key): void {
  for (let i = from; i < log.k0.length; i++) {
    log.k0[i] = k[0];
    log.k1[i] = k[1];
    log.k2[i] = k[2];
  }
}

/** The caches of one run as the classifier makes them (Classifier: a DnsCache, a DissectContext). */
class Caches {
  readonly dns = new DnsCache();
  readonly ctx = new DissectContext();

  /** Applies one operation; for a lookup, what the dissector acts on, as text. */
  apply(kind: CacheKind, op: CacheOp, key: string, port: number, val: number, name: string): string {
    switch (kind) {
      case CacheKind.Dns:
        if (op === CacheOp.Write) {
          this.dns.set(key, name, val);
          return '';
        }
        return dnsEffect(this.dns.get(key));
      case CacheKind.Tinc:
        if (op === CacheOp.Write) {
          this.ctx.tinc.add(key);
          return '';
        }
        return this.ctx.tinc.take(key) ? '1' : '0';
      default: {
        const c = kind === CacheKind.Stun ? this.ctx.stun : this.ctx.ftpData;
        if (op === CacheOp.Write) {
          c.add(key, port, val);
          return '';
        }
        return String(op === CacheOp.Take ? c.take(key, port) : c.get(key, port));
      }
    }
  }
}

/** Classifier.settle uses a DNS cache entry only when its name matched a service. */
function dnsEffect(e: DnsCacheEntry | undefined): string {
  return e === undefined || e.service === 0 ? '' : `${e.service} ${e.name}`;
}

/** FTP data expectations hold flow ids, which are per worker: made unique over the workers (id × 64 + worker). */
const MAX_WORKERS = 64;

/**
 * Replays the workers' cache logs in key order and finds the first lookup whose answer in
 * its worker differs from the one-thread run's. Events of one key belong to one worker.
 */
export class CacheJudge {
  private readonly logs: CacheLog[];
  private readonly pos: number[];
  private readonly all = new Caches();
  private readonly own: Caches[];
  /** The key of the first lookup that was answered differently, or null. */
  conflict: Key | null = null;
  conflictWhy = '';

  constructor(workers: number) {
    if (workers > MAX_WORKERS) throw new Error(`--jobs: at most ${MAX_WORKERS} workers`);
    this.logs = Array.from({ length: workers }, newCacheLog);
    this.pos = new Array(workers).fill(0);
    this.own = Array.from({ length: workers }, () => new Caches());
  }

  add(worker: number, l: CacheLog): void {
    const p = this.logs[worker];
    const at = this.pos[worker];
    if (at > 4096 && at * 2 > p.kind.length) {
      for (const k of Object.keys(p) as (keyof CacheLog)[]) (p[k] as unknown[]) = p[k].slice(at);
      this.pos[worker] = 0;
    }
    for (const k of Object.keys(p) as (keyof CacheLog)[]) for (const x of l[k]) (p[k] as unknown[]).push(x);
  }

  /** Judges every logged operation with a key before `upTo` (every worker has logged all of those). */
  judge(upTo: Key): void {
    const logs = this.logs;
    const pos = this.pos;
    const best: Key = [0, 0, 0];
    for (;;) {
      let w = -1;
      for (let i = 0; i < logs.length; i++) {
        const l = logs[i];
        const j = pos[i];
        if (j >= l.k0.length) continue;
        if (w < 0 || keyLess(l.k0[j], l.k1[j], l.k2[j], best)) {
          best[0] = l.k0[j];
          best[1] = l.k1[j];
          best[2] = l.k2[j];
          w = i;
        }
      }
      if (w < 0 || !keyLess(best[0], best[1], best[2], upTo)) return;
      const l = logs[w];
      const i = pos[w]++;
      const kind = l.kind[i] as CacheKind;
      const op = l.op[i] as CacheOp;
      const val = kind === CacheKind.FtpData ? l.val[i] * MAX_WORKERS + w : l.val[i];
      const one = this.all.apply(kind, op, l.key[i], l.port[i], val, l.name[i]);
      const mine = this.own[w].apply(kind, op, l.key[i], l.port[i], val, l.name[i]);
      if (one !== mine) {
        this.conflict = [best[0], best[1], best[2]];
        this.conflictWhy = `a flow's ${CACHE_KINDS[kind]} cache lookup depends on another worker's flows`;
        return;
      }
    }
  }
}
