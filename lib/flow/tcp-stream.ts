/**
 * Per-direction TCP reassembly of the first bytes of a stream, for the classifier.
 * Keeps the contiguous in-order prefix (up to `limit` bytes) and a few out-of-order
 * segments waiting for the hole before them to fill. Retransmissions and overlaps keep
 * the bytes received first, as most stacks do. Memory is bounded per stream.
 */
const MAX_PENDING_SEGMENTS = 16;
const NO_BYTES = new Uint8Array(0);

interface Pending {
  rel: number;
  bytes: Uint8Array;
}

export class TcpStream {
  /** Contiguous bytes from the start of the stream. */
  buf: Uint8Array;
  len = 0;
  /** Sequence number of buf[0]; set from the SYN or the first segment seen. */
  private base = 0;
  private started = false;
  private pending: Pending[] = [];
  /** Bytes that could not be kept (beyond the limit or too many holes). */
  dropped = 0;

  constructor(readonly limit: number) {
    // allocated at the first data byte: most SYNs never carry any
    this.buf = NO_BYTES;
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
      this.dropped += n;
      return false;
    }
    if (rel + n > this.limit) {
      this.dropped += rel + n - this.limit;
      n = this.limit - rel;
    }
    if (rel > this.len) {
      // a hole before this segment: keep it for later (bounded)
      if (this.pending.length >= MAX_PENDING_SEGMENTS) {
        this.dropped += n;
        return false;
      }
      this.pending.push({ rel, bytes: data.slice(off, off + n) });
      return false;
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
    this.ensure(end);
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
          progress = true;
          break;
        }
      }
    }
  }

  private ensure(size: number): void {
    if (size <= this.buf.length) return;
    // most streams are one or two segments before the verdict: start at their size
    let cap = this.buf.length === 0 ? Math.max(size, 256) : this.buf.length * 2;
    while (cap < size) cap *= 2;
    const next = new Uint8Array(Math.min(cap, this.limit));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
