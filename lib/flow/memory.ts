/**
 * The run's memory budget (`--max-memory`, `limits.maxMemory`): an estimate of what the
 * analysis holds, kept cheaply, V8's own heap figures as the ground truth, and the cap on
 * metadata strings.
 *
 * Estimate = live flows × FLOW_COST + for each live flow what it holds beyond that (TCP state,
 * TCP_FLOW_COST; its metadata strings, re-measured when the classifier has looked at a
 * packet: flowCost) + the bytes the TCP streams hold (StreamBudget.held) + for every alert
 * kept for the report ALERT_COST and its message. The costs are measured, not guessed:
 * `npm run flow-cost` (scripts/flow-cost.ts) prints the heap a live flow of each kind
 * really holds beside this estimate (rerun it when flows change). When the estimate passes
 * HIGH of the budget the analysis ends the longest-idle flows (end reason `memory`) until it
 * is under LOW; when the flows are all gone and it is still past STOP, the run stops
 * (lib/analyze.ts). The budget bounds the process's memory (RSS), not only the live data:
 * V8 needs room besides the live heap (garbage between two collections — it lets the heap
 * grow up to halfway between the live size and its limit — new space, code), hence marks
 * well under 100 %.
 *
 * The ground truth: after each full garbage collection (a PerformanceObserver of `gc`
 * entries) the used heap is read — what is really live — and carried forward between
 * collections by the estimate's change since. Past HEAP_END of V8's heap limit (its old
 * generation's: oldSpaceLimit), flows are ended whatever the estimate says (enough to bring it back to HEAP_LOW); past
 * HEAP_STOP, or past HEAP_END with no flow left to end, the run stops: long before V8
 * spends all its time collecting or aborts.
 */
import os from 'node:os';
import { constants as perf, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { Flow, FlowMeta } from './flow.js';

/**
 * Heap bytes of a live flow without TCP state and metadata: the flow object, the
 * classifier's and the risk passes' per-flow state, its share of the flow table. Measured
 * (scripts/flow-cost.ts, Node 20, 40,000 one-packet UDP flows): 2,131 bytes of JS heap and
 * 357 outside it, 2,488 in all.
 */
export const FLOW_COST = 2560;
/**
 * A TCP flow's state on top of FLOW_COST: connection state and the two reassembly streams'
 * objects (their buffers are counted apart, StreamBudget.held). Measured: 4,724 bytes for a
 * TCP flow with 300 bytes each way (1,024 of them in stream buffers): 1,212 of TCP state.
 */
export const TCP_FLOW_COST = 1280;
/**
 * Heap bytes of an alert kept for the report, without its message: the alert, and the CLI's
 * kept alert with its flow's record (lib/report/kept-alerts.ts). Measured (scripts/flow-cost.ts,
 * one alert per flow): 437 bytes with a message of 51 characters (1,317 when the CLI kept
 * report objects, session 6).
 */
export const ALERT_COST = 400;
/**
 * Longest metadata string kept (UTF-16 code units, = bytes for the ASCII/Latin-1 text the
 * dissectors decode): a longer URL, header, name or certificate field keeps its first
 * META_STRING_CAP characters and its protocol object gets `truncated: true`.
 */
export const META_STRING_CAP = 4096;
/** Flows are ended above HIGH of the budget, down to LOW; with no flow left, the run stops above STOP. */
const HIGH = 0.6;
const LOW = 0.5;
const STOP = 0.6;
/** Shares of V8's heap limit, for the used heap after a full collection (see above). */
const HEAP_END = 0.72;
const HEAP_LOW = 0.62;
const HEAP_STOP = 0.9;

/**
 * The default budget: a quarter of the machine's memory, and at most 3/4 of V8's heap limit:
 * Node's default limit (~4 GiB on a 64-bit machine with 16 GiB or more) makes it 3 GiB there.
 */
export function defaultMaxMemory(): number {
  return Math.max(64 * 2 ** 20, Math.floor(Math.min(os.totalmem() / 4, v8.getHeapStatistics().heap_size_limit * 0.75)));
}

/** The V8 heap limit (bytes) a budget needs: the budget is at most 3/4 of it. */
export function heapForBudget(budget: number): number {
  return Math.ceil(budget / 0.75);
}

/** "2G", "512M", "64m", "1.5GiB", "1048576" (bytes) → bytes; NaN when not a size. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (m === null) return NaN;
  const mul = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.floor(Number(m[1]) * mul);
}

/** The estimate of what a live flow holds (bytes), its TCP reassembly buffers apart. */
export function flowCost(flow: Flow): number {
  return FLOW_COST + heldBeyondBase(flow, null);
}

/** What a flow holds beyond FLOW_COST; cuts long metadata strings when given the budget. */
function heldBeyondBase(flow: Flow, b: MemoryBudget | null): number {
  return (flow.proto === 6 ? TCP_FLOW_COST : 0) + metaSize(flow.meta, b) + flow.host.length;
}

/**
 * V8's heap limit less its young generation (three semi-spaces of 16 MiB on 64 bits, which
 * heap_size_limit includes): what survives collections must fit in the rest. It matters
 * for small heaps only (`--max-old-space-size=64` gives a heap_size_limit of 112 MiB).
 */
function oldSpaceLimit(): number {
  const limit = v8.getHeapStatistics().heap_size_limit;
  return Math.max(limit / 2, limit - 48 * 2 ** 20);
}

/** What the budget did in a run. */
export class MemoryBudget {
  /** What the live flows hold beyond FLOW_COST each (TCP state, metadata). */
  metaHeld = 0;
  /** Bytes of the alerts kept for the report. */
  runHeld = 0;
  /** Flows ended early to stay within the budget. */
  flowsEnded = 0;
  /** Metadata strings cut at META_STRING_CAP. */
  stringsCut = 0;
  /** Largest estimate seen (bytes). */
  peak = 0;
  /** Largest used heap read after a full collection (bytes). */
  peakHeap = 0;
  /** The live heap as last judged (bytes; liveHeap). */
  heapLive = 0;
  private readonly high: number;
  private readonly low: number;
  private readonly stopMark: number;
  /** V8's heap limit for its old generation, where what lives long is (bytes; see oldSpaceLimit). */
  readonly heapLimit: number;
  /** Used heap after the last full collection not yet looked at (0: none since). */
  private afterGc = 0;
  /** The last reading taken in, and the estimate when it was. */
  private gcUsed = 0;
  private gcEstimate = 0;
  private observer: PerformanceObserver | null;

  constructor(readonly limit: number) {
    this.high = limit * HIGH;
    this.low = limit * LOW;
    this.stopMark = limit * STOP;
    this.heapLimit = oldSpaceLimit();
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if ((e as unknown as { detail?: { kind?: number } }).detail?.kind !== perf.NODE_PERFORMANCE_GC_MAJOR) continue;
        const used = v8.getHeapStatistics().used_heap_size;
        this.afterGc = used;
        if (used > this.peakHeap) this.peakHeap = used;
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** The run is over: no more readings. */
  close(): void {
    this.observer?.disconnect();
    this.observer = null;
  }

  /** Re-measure what a live flow holds (cutting metadata strings beyond the cap). */
  measure(flow: Flow): void {
    const n = heldBeyondBase(flow, this);
    this.metaHeld += n - flow.memBytes;
    flow.memBytes = n;
  }

  /** A flow ended: what it held goes (unless the result keeps the flow), its alerts stay for the report. */
  ended(flow: Flow, kept: boolean): void {
    this.metaHeld -= flow.memBytes;
    if (kept) this.runHeld += FLOW_COST + flow.memBytes;
    flow.memBytes = 0;
    const a = flow.alerts;
    for (let i = 0; i < a.length; i++) this.runHeld += ALERT_COST + a[i].message.length;
  }

  estimate(liveFlows: number, streamBytes: number): number {
    const e = liveFlows * FLOW_COST + this.metaHeld + streamBytes + this.runHeld;
    if (e > this.peak) this.peak = e;
    return e;
  }

  /** The estimate is past the high mark: flows should be ended. */
  over(estimate: number): boolean {
    return estimate > this.high;
  }

  /** Flows are ended until the estimate is under this. */
  get target(): number {
    return this.low;
  }

  /** What is left when every flow is gone is still past the stop mark: the run must stop. */
  exhausted(estimate: number): boolean {
    return estimate > this.stopMark;
  }

  /**
   * The live heap now, as the ground truth says: the used heap after the last full
   * collection plus what the estimate grew (or shed) since then; 0 before the first. Takes
   * in a new reading when a collection happened since the last call.
   */
  private liveHeap(estimate: number): number {
    if (this.afterGc !== 0) {
      this.gcUsed = this.afterGc;
      this.gcEstimate = estimate;
      this.afterGc = 0;
    }
    this.heapLive = this.gcUsed === 0 ? 0 : this.gcUsed + (estimate - this.gcEstimate);
    return this.heapLive;
  }

  /**
   * Past HEAP_END of V8's limit: the bytes (by the estimate) flows must shed to bring the
   * heap back to HEAP_LOW; else 0.
   */
  heapExcess(estimate: number): number {
    const live = this.liveHeap(estimate);
    return live > this.heapLimit * HEAP_END ? live - this.heapLimit * HEAP_LOW : 0;
  }

  /** Past HEAP_STOP of V8's limit, or past HEAP_END with no flow left to end: the run must stop. */
  heapExhausted(estimate: number, liveFlows: number): boolean {
    const live = this.liveHeap(estimate);
    return live > this.heapLimit * HEAP_STOP || (liveFlows === 0 && live > this.heapLimit * HEAP_END);
  }

}

type MetaObject = Record<string, unknown>;

/** Bytes of a flow's metadata strings (a small fixed cost per value), cutting long strings when given the budget. */
function metaSize(meta: FlowMeta, b: MemoryBudget | null): number {
  if (meta.dns === undefined && meta.http === undefined && meta.tls === undefined && meta.quic === undefined && meta.ssh === undefined && meta.other === undefined) return 0;
  let n = 0;
  if (meta.dns !== undefined) n += objectSize(meta.dns as MetaObject, b);
  if (meta.http !== undefined) n += objectSize(meta.http as MetaObject, b);
  if (meta.tls !== undefined) n += objectSize(meta.tls as MetaObject, b);
  if (meta.quic !== undefined) n += objectSize(meta.quic as MetaObject, b);
  if (meta.ssh !== undefined) n += objectSize(meta.ssh as MetaObject, b);
  if (meta.other !== undefined) n += objectSize(meta.other as MetaObject, b);
  return n;
}

function objectSize(o: MetaObject, b: MemoryBudget | null): number {
  let n = 64;
  let cut = false;
  for (const k in o) {
    const v = o[k];
    n += 16;
    if (typeof v === 'string') {
      const c = cutToCap(v, b);
      if (c !== v) {
        o[k] = c;
        cut = true;
      }
      n += c === v ? v.length : META_STRING_CAP;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const s = v[i];
        n += 16;
        if (typeof s === 'string') {
          const c = cutToCap(s, b);
          if (c !== s) {
            v[i] = c;
            cut = true;
          }
          n += c === s ? s.length : META_STRING_CAP;
        }
      }
    }
  }
  if (cut) o.truncated = true;
  return n;
}

/** The string, or (with a budget) its capped copy when it is longer than the cap, counted. */
function cutToCap(s: string, b: MemoryBudget | null): string {
  if (s.length <= META_STRING_CAP || b === null) return s;
  b.stringsCut++;
  return capped(s);
}

/** The first META_STRING_CAP characters as a string of their own (a slice would keep the whole alive). */
function capped(s: string): string {
  // never half a surrogate pair
  const end = (s.charCodeAt(META_STRING_CAP - 1) & 0xfc00) === 0xd800 ? META_STRING_CAP - 1 : META_STRING_CAP;
  return JSON.parse(JSON.stringify(s.slice(0, end))) as string;
}

