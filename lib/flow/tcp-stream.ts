/**
 * Per-direction TCP reassembly of the first bytes of a stream, for the classifier.
 * Keeps the contiguous in-order prefix (up to `limit` bytes) and a few out-of-order
 * segments waiting for the hole before them to fill. Retransmissions and overlaps keep
 * the bytes received first, as most stacks do. Memory is bounded per stream.
 */
const MAX_PENDING_SEGMENTS = 16;
const NO_BYTES = new Uint8Array(0);
/** Never written: streams replace it with a list of their own before the first push. */
const NO_PENDING: Pending[] = [];

interface Pending {
  rel: number;
  bytes: Uint8Array;
}

/**
 * What all streams of one tracker hold together, and how often a limit cut a stream
 * (reported as limit hits: tcp-stream-bytes, tcp-out-of-order-segments, tcp-total-bytes).
 */
export class StreamBudget {
  /** Bytes held by live streams (buffers and waiting segments). */
  held = 0;
  /** Directions that reached the per-direction limit. */
  overStream = 0;
  /** Out-of-order segments dropped because too many were waiting. */
  overPending = 0;
  /** Segments not kept because all streams together held `max`. */
  overTotal = 0;
  /**
   * Buffers of dropped streams, by size class (256 << i bytes), for the next streams: a
   * stream lives for a few packets, and allocating its buffer anew each time filled memory
   * with garbage outside the JS heap faster than the collector returned it.
   */
  private readonly free: Uint8Array[][] = [];
  private freeBytes = 0;
  constructor(readonly max: number) {}

  /** A buffer of `cap` bytes (a power of two ≥ 256), recycled when one is free. */
  take(cap: number): Uint8Array {
    const list = (cap & (cap - 1)) === 0 && cap >= MIN_CAP ? this.free[sizeClass(cap)] : undefined;
    if (list !== undefined && list.length > 0) {
      this.freeBytes -= cap;
      return list.pop()!;
    }
    // a plain Uint8Array (not a Buffer), as the capture reader's records: the dissectors'
    // byte reads see one kind of array
    return new Uint8Array(cap);
  }

  /** Keep a stream's buffer for reuse (up to POOL_BYTES in all). */
  give(buf: Uint8Array): void {
    const cap = buf.length;
    if (cap < MIN_CAP || (cap & (cap - 1)) !== 0 || this.freeBytes + cap > POOL_BYTES) return;
    const c = sizeClass(cap);
    (this.free[c] ??= []).push(buf);
    this.freeBytes += cap;
  }
}

const MIN_CAP = 256;
/** Bytes of free buffers kept for reuse, per tracker. */
const POOL_BYTES = 4 * 1024 * 1024;

function sizeClass(cap: number): number {
  return 31 - Math.clz32(cap / MIN_CAP);
}

const UNBOUNDED = new StreamBudget(Infinity);

export class TcpStream {
  /** Contiguous bytes from the start of the stream, at buf[start, start + len). */
  buf: Uint8Array;
  len = 0;
  /** Where the stream's first byte is in buf: the payload's offset in the packet's bytes while borrowed, else 0. */
  start = 0;
  /**
   * buf is the bytes of the packet that started the stream (from `start`), not a copy and
   * not a view (a view per stream cost a typed array object): most flows are classified by
   * their first segment, so the copy is made only when the flow needs more (own()), before
   * the packet's bytes go away.
   */
  borrowed = false;
  /** Sequence number of buf[0]; set from the SYN or the first segment seen (unsigned: a double field from the start, -0). */
  private base = -0;
  private started = false;
  /** Out-of-order segments waiting for a hole to fill (shared empty list until one arrives). */
  private pending: Pending[] = NO_PENDING;
  /** Bytes that could not be kept (beyond the limit or too many holes). */
  dropped = 0;
  /** Bytes this stream has charged to the budget. */
  private charged = 0;

  constructor(
    readonly limit: number,
    private readonly budget: StreamBudget = UNBOUNDED,
  ) {
    // allocated at the first data byte: most SYNs never carry any
    this.buf = NO_BYTES;
  }

  /** A released stream (release()) taken again for a new direction: as newly made. */
  reuse(): void {
    this.release();
    this.base = 0;
    this.started = false;
    this.dropped = 0;
  }

  /** The SYN carries ISN; data starts at ISN+1. */
  syn(seq: number): void {
    if (this.started) return;
    this.base = (seq + 1) >>> 0;
    this.started = true;
  }

  /**
   * Add a segment. Returns true when the contiguous prefix grew (the classifier should
   * look again).
   */
  add(seq: number, data: Uint8Array, off: number, n: number): boolean {
    if (n <= 0) return false;
    if (this.borrowed) this.own();
    if (!this.started) {
      this.base = seq >>> 0;
      this.started = true;
    }
    let rel = (seq - this.base) | 0; // signed distance, wraps correctly mod 2^32
    if (rel < 0) {
      // starts before the stream start (data before the first seen segment): trim
      if (rel + n <= 0) return false;
      off -= rel;
      n += rel;
      rel = 0;
    }
    if (rel >= this.limit) {
      if (this.dropped === 0) this.budget.overStream++;
      this.dropped += n;
      return false;
    }
    if (rel + n > this.limit) {
      if (this.dropped === 0) this.budget.overStream++;
      this.dropped += rel + n - this.limit;
      n = this.limit - rel;
    }
    if (rel > this.len) {
      // a hole before this segment: keep it for later (bounded)
      if (this.pending.length >= MAX_PENDING_SEGMENTS) {
        this.budget.overPending++;
        this.dropped += n;
        return false;
      }
      if (!this.charge(n)) {
        this.dropped += n;
        return false;
      }
      if (this.pending === NO_PENDING) this.pending = [];
      this.pending.push({ rel, bytes: data.slice(off, off + n) });
      return false;
    }
    if (rel === 0 && this.len === 0 && this.buf.length === 0 && this.pending.length === 0) {
      this.buf = data;
      this.start = off;
      this.len = n;
      this.borrowed = true;
      return true;
    }
    const grew = this.append(rel, data, off, n);
    if (grew && this.pending.length > 0) this.drainPending();
    return grew;
  }

  /** Write bytes at `rel` (≤ len); only the part beyond len is new. */
  private append(rel: number, data: Uint8Array, off: number, n: number): boolean {
    const end = rel + n;
    if (end <= this.len) return false; // retransmission of what we have
    const skip = this.len - rel;
    if (!this.ensure(end)) {
      this.dropped += n - skip;
      return false;
    }
    this.buf.set(data.subarray(off + skip, off + n), this.len);
    this.len = end;
    return true;
  }

  private drainPending(): void {
    let progress = true;
    while (progress && this.pending.length > 0) {
      progress = false;
      for (let i = 0; i < this.pending.length; i++) {
        const p = this.pending[i];
        if (p.rel <= this.len) {
          this.append(p.rel, p.bytes, 0, p.bytes.length);
          this.pending.splice(i, 1);
          this.uncharge(p.bytes.length);
          progress = true;
          break;
        }
      }
    }
  }

  /** Copy a borrowed first segment into a buffer of the stream's own. */
  own(): void {
    if (!this.borrowed) return;
    const src = this.buf;
    const start = this.start;
    const n = this.len;
    this.borrowed = false;
    this.buf = NO_BYTES;
    this.start = 0;
    this.len = 0;
    if (this.ensure(n)) {
      this.buf.set(src.subarray(start, start + n));
      this.len = n;
    } else {
      this.dropped += n;
    }
  }

  /** Room for `size` bytes in buf; false when the total budget refuses it. */
  private ensure(size: number): boolean {
    if (size <= this.buf.length) return true;
    // powers of two from 256 bytes, so that buffers of dropped streams fit the next ones
    let cap = this.buf.length === 0 ? MIN_CAP : this.buf.length * 2;
    while (cap < size) cap *= 2;
    cap = Math.min(cap, this.limit); // size never exceeds the limit: add() clips segments to it
    if (!this.charge(cap - this.buf.length)) return false;
    const next = this.budget.take(cap);
    const old = this.buf;
    if (this.len > 0) next.set(this.len === old.length ? old : old.subarray(0, this.len));
    this.buf = next;
    if (old.length > 0) this.budget.give(old);
    return true;
  }

  private charge(n: number): boolean {
    const b = this.budget;
    if (b.held + n > b.max) {
      b.overTotal++;
      return false;
    }
    b.held += n;
    this.charged += n;
    return true;
  }

  private uncharge(n: number): void {
    this.budget.held -= n;
    this.charged -= n;
  }

  /** The stream is dropped: give its bytes back to the budget. */
  release(): void {
    this.budget.held -= this.charged;
    this.charged = 0;
    this.pending = NO_PENDING;
    if (!this.borrowed && this.buf.length > 0) this.budget.give(this.buf);
    this.buf = NO_BYTES;
    this.start = 0;
    this.len = 0;
    this.borrowed = false;
  }
}
