/**
 * The run's memory budget (`--max-memory`, `limits.maxMemory`): an estimate of what the
 * analysis holds, kept cheaply, and the cap on metadata strings.
 *
 * Estimate = live flows × FLOW_COST (the flow object, its TCP state and the classifier's
 * per-flow state, as measured on the heap) + the metadata each live flow holds (its strings'
 * lengths, re-measured when the classifier has looked at a packet) + the bytes the TCP
 * streams hold (StreamBudget.held) + for every alert kept for the report ALERT_COST and its
 * message. When it passes HIGH of the budget the analysis ends the longest-idle flows
 * (end reason `memory`) until it is under LOW; when the flows are all gone and it is still
 * over, the run stops (lib/analyze.ts). The heap itself (V8's used size) is read every
 * HEAP_CHECK_PACKETS packets as the ground truth: near V8's heap limit flows are ended too.
 */
import os from 'node:os';
import v8 from 'node:v8';
import type { Flow, FlowMeta } from './flow.js';

/** Heap bytes of a live flow without its metadata strings (≈ 1.6 KB measured for a UDP flow, docs/ROBUSTNESS.md; TCP state and the classifier's per-flow state on top: rounded up). */
export const FLOW_COST = 3072;
/**
 * Heap bytes of an alert kept for the report, without its message: the alert, and the CLI's
 * report entry with its flow summary of a dozen fields (an estimate on the high side).
 */
export const ALERT_COST = 1024;
/**
 * Longest metadata string kept (UTF-16 code units, = bytes for the ASCII/Latin-1 text the
 * dissectors decode): a longer URL, header, name or certificate field keeps its first
 * META_STRING_CAP characters and its protocol object gets `truncated: true`.
 */
export const META_STRING_CAP = 4096;
/** Flows are ended above HIGH of the budget, down to LOW. */
const HIGH = 0.9;
const LOW = 0.8;
/** Packets between two reads of the heap's used size. */
export const HEAP_CHECK_PACKETS = 4096;
/** Share of V8's heap limit beyond which flows are ended whatever the estimate says. */
const HEAP_HIGH = 0.85;

/**
 * The default budget: a quarter of the machine's memory, and at most 3/4 of V8's heap limit
 * (the heap must hold the budget with room for garbage): Node's default limit (~4 GiB on a
 * 64-bit machine with 16 GiB or more) makes it 3 GiB there.
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

/** What the budget did in a run. */
export class MemoryBudget {
  /** Metadata bytes of the live flows. */
  metaHeld = 0;
  /** Bytes of the alerts kept for the report. */
  runHeld = 0;
  /** Flows ended early to stay within the budget. */
  flowsEnded = 0;
  /** Metadata strings cut at META_STRING_CAP. */
  stringsCut = 0;
  /** Largest estimate seen (bytes). */
  peak = 0;
  private readonly high: number;
  private readonly low: number;
  private readonly heapHigh: number;

  constructor(readonly limit: number) {
    this.high = limit * HIGH;
    this.low = limit * LOW;
    this.heapHigh = v8.getHeapStatistics().heap_size_limit * HEAP_HIGH;
  }

  /** Re-measure a live flow's metadata (cutting strings beyond the cap). */
  measure(flow: Flow): void {
    const n = metaSize(flow.meta, this) + flow.host.length;
    this.metaHeld += n - flow.memBytes;
    flow.memBytes = n;
  }

  /** A flow ended: its metadata goes (unless the result keeps the flow), its alerts stay for the report. */
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

  /** What is left when every flow is gone is still past the budget: the run must stop. */
  exhausted(estimate: number): boolean {
    return estimate > this.limit;
  }

  /** V8's used heap is near its limit (read every HEAP_CHECK_PACKETS packets). */
  heapNearLimit(): boolean {
    return v8.getHeapStatistics().used_heap_size > this.heapHigh;
  }
}

type MetaObject = Record<string, unknown>;

/** Bytes of a flow's metadata strings (a small fixed cost per value), cutting long strings. */
function metaSize(meta: FlowMeta, b: MemoryBudget): number {
  let n = 0;
  if (meta.dns !== undefined) n += objectSize(meta.dns as MetaObject, b);
  if (meta.http !== undefined) n += objectSize(meta.http as MetaObject, b);
  if (meta.tls !== undefined) n += objectSize(meta.tls as MetaObject, b);
  if (meta.quic !== undefined) n += objectSize(meta.quic as MetaObject, b);
  if (meta.ssh !== undefined) n += objectSize(meta.ssh as MetaObject, b);
  if (meta.other !== undefined) n += objectSize(meta.other as MetaObject, b);
  return n;
}

function objectSize(o: MetaObject, b: MemoryBudget): number {
  let n = 64;
  let cut = false;
  for (const k in o) {
    const v = o[k];
    n += 16;
    if (typeof v === 'string') {
      if (v.length > META_STRING_CAP) {
        o[k] = capped(v);
        cut = true;
        b.stringsCut++;
        n += META_STRING_CAP;
      } else n += v.length;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const s = v[i];
        n += 16;
        if (typeof s === 'string') {
          if (s.length > META_STRING_CAP) {
            v[i] = capped(s);
            cut = true;
            b.stringsCut++;
            n += META_STRING_CAP;
          } else n += s.length;
        }
      }
    }
  }
  if (cut) o.truncated = true;
  return n;
}

/** The first META_STRING_CAP characters as a string of their own (a slice would keep the whole alive). */
function capped(s: string): string {
  // never half a surrogate pair
  const end = (s.charCodeAt(META_STRING_CAP - 1) & 0xfc00) === 0xd800 ? META_STRING_CAP - 1 : META_STRING_CAP;
  return JSON.parse(JSON.stringify(s.slice(0, end))) as string;
}

/** PROVISIONAL */
export function flowCost(flow: Flow): number {
  return FLOW_COST + metaSize(flow.meta, new MemoryBudget(1 << 30));
}
