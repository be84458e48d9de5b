/**
 * The timeline view (`--view timeline`, like tshark's `-z io,stat`): packets, bytes, new flows
 * and alerts per interval of packet time. Counted into buckets of a fixed resolution while the
 * capture streams (one comparison per packet when packets come in time order) and summed into the
 * interval asked for at the end; intervals are aligned on multiples of the interval since the
 * epoch, so the same capture always gives the same rows.
 */

export interface TimelineRow {
  /** Interval start, seconds since the epoch (a multiple of the interval). */
  start: number;
  packets: number;
  bytes: number;
  /** Flows whose first packet falls in the interval. */
  flows: number;
  alerts: number;
}

interface Bucket {
  packets: number;
  bytes: number;
  flows: number;
  alerts: number;
}

/** Intervals a timeline chooses from when none is given: ~60 rows or fewer. */
const NICE_INTERVALS = [0.001, 0.01, 0.1, 1, 5, 10, 30, 60, 300, 600, 1800, 3600, 21600, 86400, 604800];

export class TimelineBuilder {
  private readonly buckets = new Map<number, Bucket>();
  /** The bucket the last packet went into (packets mostly come in time order). */
  private curKey = Number.NaN;
  private cur: Bucket | null = null;

  /** @param resolution seconds per bucket (the smallest interval rows can have) */
  constructor(readonly resolution = 1) {
    if (!(resolution > 0)) throw new RangeError('timeline resolution must be positive');
  }

  packet(sec: number, nsec: number, bytes: number): void {
    const b = this.bucket(sec, nsec);
    b.packets++;
    b.bytes += bytes;
  }

  flow(firstSec: number, firstNsec: number): void {
    this.bucket(firstSec, firstNsec).flows++;
  }

  alert(sec: number, nsec: number): void {
    this.bucket(sec, nsec).alerts++;
  }

  /** Packet time covered: [first bucket start, last bucket end), or null when empty. */
  span(): { start: number; end: number } | null {
    if (this.buckets.size === 0) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const k of this.buckets.keys()) {
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
    return { start: lo * this.resolution, end: (hi + 1) * this.resolution };
  }

  /** The interval that gives at most `maxRows` rows over the span (a round value). */
  autoInterval(maxRows = 60): number {
    const s = this.span();
    const width = s ? s.end - s.start : 0;
    for (const i of NICE_INTERVALS) if (i >= this.resolution && width / i <= maxRows) return i;
    return NICE_INTERVALS[NICE_INTERVALS.length - 1]!;
  }

  /**
   * Rows of `interval` seconds (a multiple of the resolution; rounded up to one), from the first
   * interval with traffic to the last, empty intervals included (at most `maxRows`; the interval
   * grows to the next round value when more would be needed).
   */
  rows(interval = this.autoInterval(), maxRows = 100_000): TimelineRow[] {
    const ratio = Math.max(1, Math.round(interval / this.resolution));
    const s = this.span();
    if (!s) return [];
    const firstKey = Math.floor(s.start / this.resolution / ratio);
    const lastKey = Math.floor((s.end / this.resolution - 1) / ratio);
    if (lastKey - firstKey + 1 > maxRows) return this.rows(interval * Math.ceil((lastKey - firstKey + 1) / maxRows), maxRows);
    const rows: TimelineRow[] = [];
    for (let k = firstKey; k <= lastKey; k++) {
      rows.push({ start: roundTime(k * ratio * this.resolution), packets: 0, bytes: 0, flows: 0, alerts: 0 });
    }
    for (const [k, b] of this.buckets) {
      const r = rows[Math.floor(k / ratio) - firstKey]!;
      r.packets += b.packets;
      r.bytes += b.bytes;
      r.flows += b.flows;
      r.alerts += b.alerts;
    }
    return rows;
  }

  private bucket(sec: number, nsec: number): Bucket {
    const key = this.resolution === 1 ? sec : Math.floor((sec + nsec / 1e9) / this.resolution);
    if (key === this.curKey) return this.cur!;
    let b = this.buckets.get(key);
    if (b === undefined) this.buckets.set(key, (b = { packets: 0, bytes: 0, flows: 0, alerts: 0 }));
    this.curKey = key;
    this.cur = b;
    return b;
  }
}

/** Interval starts as decimal seconds without binary noise (0.1 × 3 = 0.3, not 0.30000000000000004). */
function roundTime(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}
