/**
 * IPv4 and IPv6 fragment reassembly (RFC 791, RFC 8200 §4.5), keyed by version, source,
 * destination, identification and protocol. Fragments may come in any order or repeat.
 * Overlaps (docs/ROBUSTNESS.md):
 * - IPv4: the datagram is kept and the bytes received first win ("first" policy: a later
 *   fragment only fills the holes it covers). Linux would drop the datagram instead; a
 *   passive analyser that did so would lose the flow to one retransmitted or crafted
 *   fragment, and first-wins is what the sender's own first copy said.
 * - IPv6: RFC 5722. A fragment wholly inside bytes already received is a duplicate and
 *   ignored (as Linux does); any other overlap drops the datagram, counted as
 *   `ipv6-fragment-overlap`, and its later fragments too until the reassembly timeout.
 * Memory is bounded by a number of datagrams and a total of buffer bytes; incomplete
 * datagrams expire after a timeout in packet time. Fragments are rare, so this path may
 * allocate (key strings, buffers).
 */
import { DecodeState, Next, bad } from './state.js';

export interface FragStats {
  /** Datagrams completed and handed on. */
  reassembled: number;
  /** Incomplete datagrams dropped after the timeout. */
  timedOut: number;
  /** Datagrams dropped to stay within the datagram/byte limits. */
  overLimit: number;
  /** Fragments that overlapped bytes already received (duplicates included). */
  overlaps: number;
}

/** Largest reassembled IP payload (the 16-bit length/offset fields bound it). */
const MAX_DATAGRAM = 65535;

interface Datagram {
  /** Its key in the table (expiry walks the datagrams, not [key, datagram] entries). */
  key: string;
  buf: Uint8Array;
  /** Received byte ranges, sorted and merged: [start0, end0, start1, end1, …]. */
  ranges: number[];
  /** Payload length once the last fragment is seen, else -1. */
  total: number;
  /** Packet time of the first fragment, seconds. */
  first: number;
  frames: number;
  wirelen: number;
}

export class Reassembler {
  readonly stats: FragStats = { reassembled: 0, timedOut: 0, overLimit: 0, overlaps: 0 };
  /** Buffer bytes held by incomplete datagrams. */
  bytes = 0;
  /** Whole second at or after which the oldest datagram may have expired. */
  nextExpirySec = Infinity;
  private readonly table = new Map<string, Datagram>();
  /** IPv6 datagrams dropped for an overlap: key → packet time until which their fragments are refused. */
  private readonly dropped = new Map<string, number>();

  constructor(
    private readonly timeoutSec: number,
    private readonly maxDatagrams: number,
    private readonly maxBytes: number,
    private readonly problems: Map<string, number>,
  ) {}

  /** Incomplete datagrams held. */
  get pending(): number {
    return this.table.size;
  }

  /** Capture records held in incomplete datagrams (reported when the input ends). */
  get pendingFrames(): number {
    let n = 0;
    for (const d of this.table.values()) n += d.frames;
    return n;
  }

  /**
   * Add the fragment at `s.buf[s.off..s.end)` (its payload, at byte `fragOff` of the
   * datagram; `s.pkt` holds addresses and protocol). Returns Pending; Bad; or Reassembled with
   * the cursor over the whole reassembled payload.
   */
  add(s: DecodeState, version: number, id: number, fragOff: number, more: boolean): Next {
    if (s.snapped) return bad(s, 'fragment-cut-by-snaplen');
    const len = s.end - s.off;
    const fend = fragOff + len;
    if (fend > MAX_DATAGRAM) return bad(s, 'fragment-beyond-64k');
    const now = s.tsSec + s.tsNsec / 1e9;
    if (this.table.size !== 0 && s.tsSec >= this.nextExpirySec) this.expire(now);

    const pkt = s.pkt;
    const key = fragmentKey(version, pkt.src, pkt.dst, id, pkt.proto);
    if (this.dropped.size !== 0) {
      const until = this.dropped.get(key);
      if (until !== undefined) {
        if (now < until) return bad(s, 'ipv6-fragment-overlap');
        this.dropped.delete(key);
      }
    }
    let d = this.table.get(key);
    if (d === undefined) {
      while (this.table.size >= this.maxDatagrams) this.dropOldest();
      d = { key, buf: EMPTY, ranges: [], total: -1, first: now, frames: 0, wirelen: -0 };
      this.table.set(key, d);
      const exp = Math.floor(now + this.timeoutSec);
      if (exp < this.nextExpirySec) this.nextExpirySec = exp;
    }
    d.frames++;
    d.wirelen += s.wirelen;

    const known = d.ranges.length === 0 ? 0 : d.ranges[d.ranges.length - 1];
    if (!more) {
      if ((d.total >= 0 && d.total !== fend) || known > fend) return this.inconsistent(s, key, d);
      d.total = fend;
    } else if (d.total >= 0 && fend > d.total) {
      return this.inconsistent(s, key, d);
    }
    // A duplicate goes on (insert() copies nothing new); a partial IPv6 overlap drops all.
    if (version === 6 && len > 0 && overlap(d.ranges, fragOff, fend) === Overlap.Partial) return this.dropOverlap(s, key, d);

    if (fend > d.buf.length) {
      let cap = d.total >= 0 ? d.total : Math.min(MAX_DATAGRAM, Math.max(fend, d.buf.length * 2));
      if (cap < fend) cap = fend;
      const grow = cap - d.buf.length;
      while (this.bytes + grow > this.maxBytes && this.dropOldestExcept(d)) {
        /* evicted one */
      }
      if (this.bytes + grow > this.maxBytes) {
        this.remove(key, d);
        this.stats.overLimit++;
        return bad(s, 'fragment-over-limit');
      }
      const nb = new Uint8Array(cap);
      nb.set(d.buf);
      d.buf = nb;
      this.bytes += grow;
    }

    if (len > 0 && this.insert(d, s.buf, s.off, fragOff, fend)) this.stats.overlaps++;

    const r = d.ranges;
    if (d.total < 0 || r.length !== 2 || r[0] !== 0 || r[1] !== d.total) return Next.Pending;
    // Complete: hand the whole payload on as if it came in one packet.
    this.remove(key, d);
    this.stats.reassembled++;
    s.buf = d.buf;
    s.off = 0;
    s.end = d.total;
    pkt.frames = d.frames;
    pkt.wirelen = d.wirelen;
    return Next.Reassembled;
  }

  /** Drop datagrams older than the timeout at packet time `now` (seconds). */
  expire(now: number): void {
    let next = Infinity;
    for (const d of this.table.values()) {
      if (now - d.first >= this.timeoutSec) {
        this.remove(d.key, d);
        this.stats.timedOut++;
        this.count('fragment-timeout');
      } else {
        const exp = Math.floor(d.first + this.timeoutSec);
        if (exp < next) next = exp;
      }
    }
    this.nextExpirySec = next;
  }

  /** Copy the bytes of [from, to) not yet received; merge the range. True when it overlapped. */
  private insert(d: Datagram, src: Uint8Array, srcOff: number, from: number, to: number): boolean {
    const r = d.ranges;
    let pos = from;
    let copied = 0;
    for (let i = 0; i < r.length && pos < to; i += 2) {
      const rs = r[i];
      const re = r[i + 1];
      if (re <= pos) continue;
      if (rs >= to) break;
      if (rs > pos) {
        d.buf.set(src.subarray(srcOff + (pos - from), srcOff + (rs - from)), pos);
        copied += rs - pos;
      }
      pos = re;
    }
    if (pos < to) {
      d.buf.set(src.subarray(srcOff + (pos - from), srcOff + (to - from)), pos);
      copied += to - pos;
    }
    // Merge [from, to) into the sorted list, in place (a new list per fragment was garbage):
    // ranges before it that end short of it stay, those it overlaps or touches become one
    let i = 0;
    while (i < r.length && r[i + 1] < from) i += 2;
    let a = from;
    let b = to;
    let j = i;
    while (j < r.length && r[j] <= b) {
      if (r[j] < a) a = r[j];
      if (r[j + 1] > b) b = r[j + 1];
      j += 2;
    }
    const n = r.length;
    if (j === i) {
      // nothing merged: make room for one range at i
      r.push(0, 0);
      for (let k = n + 1; k >= i + 2; k--) r[k] = r[k - 2];
    } else if (j - i > 2) {
      // several merged into one: close the gap
      for (let k = j; k < n; k++) r[k - (j - i - 2)] = r[k];
      r.length = n - (j - i - 2);
    }
    r[i] = a;
    r[i + 1] = b;
    return copied < to - from;
  }

  /** RFC 5722: an IPv6 datagram with overlapping fragments is dropped, and so are its later fragments. */
  private dropOverlap(s: DecodeState, key: string, d: Datagram): Next {
    this.remove(key, d);
    this.stats.overlaps++;
    // Bounded like the datagrams: the oldest mark goes first.
    if (this.dropped.size >= this.maxDatagrams) {
      for (const k of this.dropped.keys()) {
        this.dropped.delete(k);
        break;
      }
    }
    this.dropped.set(key, d.first + this.timeoutSec);
    return bad(s, 'ipv6-fragment-overlap');
  }

  private inconsistent(s: DecodeState, key: string, d: Datagram): Next {
    this.remove(key, d);
    return bad(s, 'fragment-inconsistent-length');
  }

  private remove(key: string, d: Datagram): void {
    this.table.delete(key);
    this.bytes -= d.buf.length;
  }

  private dropOldest(): void {
    for (const [key, d] of this.table) {
      this.remove(key, d);
      this.stats.overLimit++;
      this.count('fragment-over-limit');
      return;
    }
  }

  /** Evict the oldest datagram other than `keep`; false when there is none. */
  private dropOldestExcept(keep: Datagram): boolean {
    for (const [key, d] of this.table) {
      if (d === keep) continue;
      this.remove(key, d);
      this.stats.overLimit++;
      this.count('fragment-over-limit');
      return true;
    }
    return false;
  }

  private count(reason: string): void {
    this.problems.set(reason, (this.problems.get(reason) ?? 0) + 1);
  }
}

const EMPTY = new Uint8Array(0);

/**
 * The table key of a fragment's datagram: version, addresses, identification and protocol as
 * UTF-16 code units (16 bits each), a short string made without formatting any number.
 */
function fragmentKey(version: number, src: Uint32Array, dst: Uint32Array, id: number, proto: number): string {
  const c = String.fromCharCode;
  if (version === 4) return c(4, src[0] >>> 16, src[0] & 0xffff, dst[0] >>> 16, dst[0] & 0xffff, id >>> 16, id & 0xffff, proto);
  return (
    c(6, src[0] >>> 16, src[0] & 0xffff, src[1] >>> 16, src[1] & 0xffff, src[2] >>> 16, src[2] & 0xffff, src[3] >>> 16, src[3] & 0xffff) +
    c(dst[0] >>> 16, dst[0] & 0xffff, dst[1] >>> 16, dst[1] & 0xffff, dst[2] >>> 16, dst[2] & 0xffff, dst[3] >>> 16, dst[3] & 0xffff, id >>> 16, id & 0xffff, proto)
  );
}

const enum Overlap {
  None,
  /** [from, to) lies wholly inside bytes already received. */
  Duplicate,
  /** [from, to) shares some bytes with those received, but not all. */
  Partial,
}

/** How [from, to) meets the sorted, merged received ranges. */
function overlap(r: number[], from: number, to: number): Overlap {
  for (let i = 0; i < r.length; i += 2) {
    const rs = r[i];
    const re = r[i + 1];
    if (re <= from) continue;
    if (rs >= to) break;
    return rs <= from && to <= re ? Overlap.Duplicate : Overlap.Partial;
  }
  return Overlap.None;
}
