/**
 * Small byte readers shared by the dissectors. All are bounds-tolerant: callers check
 * lengths first; nothing here throws or allocates except the string makers.
 */

/** Big-endian 16-bit at i. */
export function u16(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}

/** Big-endian 24-bit at i. */
export function u24(b: Uint8Array, i: number): number {
  return (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
}

/** Big-endian 32-bit at i (unsigned). */
export function u32(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

/** Little-endian 16-bit at i. */
export function u16le(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}

/** Little-endian 32-bit at i (unsigned). */
export function u32le(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

/** True when b[off..end) starts with the ASCII text s (case-sensitive). */
export function startsWith(b: Uint8Array, off: number, end: number, s: string): boolean {
  if (end - off < s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[off + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Like startsWith but ASCII case-insensitive (s must be lower-case). */
export function startsWithLower(b: Uint8Array, off: number, end: number, s: string): boolean {
  if (end - off < s.length) return false;
  for (let i = 0; i < s.length; i++) {
    let c = b[off + i];
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== s.charCodeAt(i)) return false;
  }
  return true;
}

/** Index of byte v in b[from..end), or -1. */
export function indexOfByte(b: Uint8Array, from: number, end: number, v: number): number {
  for (let i = from; i < end; i++) if (b[i] === v) return i;
  return -1;
}

/** Index of the first "\r\n" in b[from..end), or -1. */
export function indexOfCrlf(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) if (b[i] === 13 && b[i + 1] === 10) return i;
  return -1;
}

/** Index of the end of the line starting at from ("\n", or "\r\n" → index of '\r'), or -1. */
export function indexOfEol(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (b[i] === 10) return i > from && b[i - 1] === 13 ? i - 1 : i;
  }
  return -1;
}

/** Index of the ASCII text s in b[from..end), or -1 (naive search, short needles). */
export function indexOfAscii(b: Uint8Array, from: number, end: number, s: string): number {
  const n = s.length;
  if (n === 0) return from;
  const c0 = s.charCodeAt(0);
  outer: for (let i = from; i + n <= end; i++) {
    if (b[i] !== c0) continue;
    for (let j = 1; j < n; j++) if (b[i + j] !== s.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** Node's Latin-1 decoder (Buffer.prototype.latin1Slice works on any Uint8Array). */
const LATIN1_SLICE = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, s: number, e: number): string }).latin1Slice;

/** b[start..end) as a Latin-1 string (each byte one char; never throws). */
export function ascii(b: Uint8Array, start: number, end: number): string {
  const e = Math.min(end, b.length);
  if (start >= 0 && (start | 0) === start && (e | 0) === e) {
    // one string made, no view or per-char strings: short ones by one fromCharCode call
    // (a native call costs more than that under 8 characters), longer ones natively
    switch (e - start) {
      case 1:
        return String.fromCharCode(b[start]);
      case 2:
        return String.fromCharCode(b[start], b[start + 1]);
      case 3:
        return String.fromCharCode(b[start], b[start + 1], b[start + 2]);
      case 4:
        return String.fromCharCode(b[start], b[start + 1], b[start + 2], b[start + 3]);
      case 5:
        return String.fromCharCode(b[start], b[start + 1], b[start + 2], b[start + 3], b[start + 4]);
      case 6:
        return String.fromCharCode(b[start], b[start + 1], b[start + 2], b[start + 3], b[start + 4], b[start + 5]);
      case 7:
        return String.fromCharCode(b[start], b[start + 1], b[start + 2], b[start + 3], b[start + 4], b[start + 5], b[start + 6]);
    }
    return start < e ? LATIN1_SLICE.call(b, start, e) : '';
  }
  let s = '';
  for (let i = start; i < e; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** b[start..end) as UTF-8 text (invalid sequences become U+FFFD). */
export function utf8(b: Uint8Array, start: number, end: number): string {
  return DECODER.decode(b.subarray(start, Math.min(end, b.length)));
}
const DECODER = new TextDecoder('utf-8', { fatal: false });

/** True when every byte of b[start..end) is printable ASCII (0x20..0x7e) or \t \r \n. */
export function isPrintable(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if ((c < 0x20 || c > 0x7e) && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** The value of an ASCII hex digit (0-9, A-F, a-f), -1 for any other character code. */
export function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Lower-case hex of b[start..end). */
export function hex(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[b[i]];
  return s;
}
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
