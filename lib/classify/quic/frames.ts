/**
 * Frames of a decrypted Initial packet (RFC 9000 §19): PADDING, PING, ACK, CRYPTO and
 * CONNECTION_CLOSE are the ones allowed there; CRYPTO data is kept, by offset, in a
 * bounded reassembly buffer so that a ClientHello spread over several packets (or sent
 * out of order) can be read once its prefix is complete.
 */
import { readVarint, varintSize } from './initial.js';
import { ALONE, type LimitScope } from '../context.js';

/** Largest CRYPTO stream we put together (a ClientHello with a big ticket fits). */
export const MAX_CRYPTO = 64 * 1024;
const MAX_FRAGMENTS = 128;

export class CryptoStream {
  buf: Uint8Array | null = null;
  /** Bytes from offset 0 known contiguous. */
  contiguous = 0;
  /** Out-of-order pieces waiting for the gap before them. */
  private pending: { off: number; data: Uint8Array }[] = [];
  overflow = false;

  /**
   * Adds CRYPTO data at stream offset `off`. `owned`: `data` is a view of a buffer nobody
   * else writes (a decrypted packet), so a first piece at offset 0 is kept as it is, not
   * copied (a ClientHello in one Initial, the usual case, is then never copied).
   * `scope`: the run's limits and hit counters (its quicCryptoBytes bounds the stream).
   */
  add(off: number, data: Uint8Array, owned = false, scope: LimitScope = ALONE): void {
    const max = scope.limits.quicCryptoBytes;
    if (off + data.length > max) {
      if (!this.overflow) scope.hit('quic-crypto-bytes');
      this.overflow = true;
      return;
    }
    if (off > this.contiguous) {
      if (this.pending.length < MAX_FRAGMENTS) this.pending.push({ off, data: data.slice() });
      return;
    }
    if (owned && off === 0 && this.buf === null && data.length > 0) {
      this.buf = data;
      this.contiguous = data.length;
    } else this.place(off, data, max);
    // pieces that now join the prefix
    for (let again = true; again; ) {
      again = false;
      for (let k = 0; k < this.pending.length; k++) {
        const p = this.pending[k];
        if (p.off <= this.contiguous) {
          this.pending.splice(k, 1);
          this.place(p.off, p.data, max);
          again = true;
          break;
        }
      }
    }
  }

  private place(off: number, data: Uint8Array, max: number): void {
    const end = off + data.length;
    if (end <= this.contiguous) return;
    // (a kept first piece is exactly `contiguous` long: anything new goes to a copy)
    if (!this.buf || this.buf.length < end) {
      const nb = new Uint8Array(Math.min(max, Math.max(end, this.buf ? this.buf.length * 2 : 2048)));
      if (this.buf) nb.set(this.buf.subarray(0, this.contiguous));
      this.buf = nb;
    }
    this.buf.set(data.subarray(this.contiguous - off), this.contiguous);
    this.contiguous = end;
  }
}

/**
 * Walks the frames of one packet's plaintext; CRYPTO data goes to `cs` (`owned`: `p` is
 * the caller's to give away, see CryptoStream.add; `scope`: the run's limits). Returns false
 * on a frame we cannot skip (unknown type, truncated), true otherwise.
 */
export function readInitialFrames(p: Uint8Array, cs: CryptoStream, owned = false, scope: LimitScope = ALONE): boolean {
  const end = p.length;
  let i = 0;
  let guard = 0;
  while (i < end && guard++ < 4096) {
    const type = p[i];
    if (type === 0x00) {
      // PADDING runs are long: skip them in one go
      while (i < end && p[i] === 0) i++;
      continue;
    }
    i++;
    switch (type) {
      case 0x01: // PING
        break;
      case 0x02:
      case 0x03: {
        // ACK: largest, delay, range count, first range, ranges, [ECN counts]
        if (!varintSize(p, i, end)) return false;
        i += varintSize(p, i, end);
        if (!varintSize(p, i, end)) return false;
        i += varintSize(p, i, end);
        const count = readVarint(p, i, end);
        if (!varintSize(p, i, end) || count > 1024) return false;
        i += varintSize(p, i, end);
        if (!varintSize(p, i, end)) return false;
        i += varintSize(p, i, end);
        const fields = count * 2 + (type === 0x03 ? 3 : 0);
        for (let k = 0; k < fields; k++) {
          if (!varintSize(p, i, end)) return false;
          i += varintSize(p, i, end);
        }
        break;
      }
      case 0x06: {
        const off = readVarint(p, i, end);
        if (!varintSize(p, i, end)) return false;
        i += varintSize(p, i, end);
        const len = readVarint(p, i, end);
        if (!varintSize(p, i, end)) return false;
        i += varintSize(p, i, end);
        if (i + len > end) return false;
        cs.add(off, p.subarray(i, i + len), owned, scope);
        i += len;
        break;
      }
      case 0x1c:
      case 0x1d: {
        // CONNECTION_CLOSE: error code, [frame type], reason
        if (!varintSize(p, i, end)) return false;
        i += varintSize(p, i, end);
        if (type === 0x1c) {
          if (!varintSize(p, i, end)) return false;
          i += varintSize(p, i, end);
        }
        const rl = readVarint(p, i, end);
        if (!varintSize(p, i, end)) return false;
        i += varintSize(p, i, end) + rl;
        break;
      }
      default:
        return false;
    }
  }
  return i <= end;
}

/**
 * The handshake bytes of a decrypted Q050/T050/T051 Initial, as nDPI reads them (quic.c
 * get_crypto_data): PADDING skipped, one gQUIC-style ACK (0x40: 6 bytes, 0x60: 9 bytes)
 * skipped, then a frame of type 0x08 with a varint offset (not used) and a varint length;
 * the data must fit the packet. Returns [start, end) in `p`, or null.
 */
export function googleCryptoData(p: Uint8Array): [number, number] | null {
  const end = p.length;
  let i = 0;
  while (i < end && p[i] === 0) i++;
  if (i >= end) return null;
  if (p[i] === 0x40 || p[i] === 0x60) {
    i += p[i] === 0x40 ? 6 : 9;
    if (i >= end) return null;
  }
  if (p[i] !== 0x08) return null;
  i++;
  if (!varintSize(p, i, end)) return null;
  i += varintSize(p, i, end);
  const len = readVarint(p, i, end);
  if (!varintSize(p, i, end)) return null;
  i += varintSize(p, i, end);
  if (i + len > end) return null;
  return [i, i + len];
}
