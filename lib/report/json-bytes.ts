import { TS_RE } from './json.js';
import { civilDate, isoFast, isoText, TS_MARK, tsText } from './values.js';

/**
 * JSON text written as UTF-8 bytes straight into one growing buffer, with no string per
 * piece. `str` and `ts` write exactly what JSON.stringify (and the report's exact
 * timestamps) would; what they cannot write byte by byte they take from JSON.stringify.
 */
export class JsonBytes {
  buf: Buffer;
  pos = 0;
  /** The day (since 1970) whose "YYYY-MM-DDT" isoDate holds (iso()); NaN: none yet. */
  private isoDay = Number.NaN;
  private readonly isoDate = new Uint8Array(11);
  /** strKept()'s last string and its JSON bytes. */
  private keptText = '';
  private keptBytes = new Uint8Array([0x22, 0x22]);

  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Make room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = Buffer.allocUnsafe(size);
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
  }

  /** Text as it is (JSON already, or anything else), UTF-8 encoded. */
  text(s: string): void {
    const n = s.length;
    if (n > 256) {
      // a long text (a chunk of a JSON trailer): Buffer's own encoder, no loop per character
      this.room(n * 3);
      this.pos += this.buf.write(s, this.pos, 'utf8');
      return;
    }
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        this.room(n * 3);
        this.pos += this.buf.write(s, this.pos, 'utf8');
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** A string as JSON.stringify writes it (plain ASCII is quoted here, the rest by jstr). */
  str(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.text(jstr(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /**
   * A string as str() writes it, its bytes kept for the next call with the same string (a
   * capture's name, written in every flow of it): copied, not encoded again.
   */
  strKept(s: string): void {
    if (s !== this.keptText) {
      this.keptBytes = new Uint8Array(Buffer.from(jstr(s), 'utf8'));
      this.keptText = s;
    }
    this.raw(this.keptBytes);
  }

  /** A number as JSON writes it (non-finite ones are null). */
  num(v: number): void {
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) this.uint31(v);
    else this.text(v - v === 0 ? '' + v : 'null');
  }

  /** A member's key text (with its colon, and a comma before it where one goes), then a number. */
  numField(key: string, v: number): void {
    this.text(key);
    this.num(v);
  }

  /** Decimal digits of an integer in 0 .. 2^31 − 1. */
  private uint31(v: number): void {
    if (this.pos + 10 > this.buf.length) this.grow(10);
    this.pos = putUint(this.buf, this.pos, v);
  }

  /** Pre-encoded ASCII bytes (a member's key, a constant fragment: ascii()). */
  raw(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.grow(b.length);
    this.pos = putBytes(this.buf, this.pos, b);
  }

  /** Pre-encoded key bytes (with its colon, and a comma before it where one goes), then a number. */
  rawNum(key: Uint8Array, v: number): void {
    if (!(v >= 0 && v <= 0x7fffffff && (v | 0) === v)) {
      this.raw(key);
      this.num(v);
      return;
    }
    if (this.pos + key.length + 10 > this.buf.length) this.grow(key.length + 10);
    const buf = this.buf;
    this.pos = putUint(buf, putBytes(buf, this.pos, key), v);
  }

  /** A report timestamp: the exact decimal (seconds, the fraction with trailing zeros trimmed). */
  ts(sec: number, nsec: number): void {
    if (!(sec >= 0 && sec <= 0x7fffffff && (sec | 0) === sec && nsec >= 0 && nsec < 1e9 && (nsec | 0) === nsec)) {
      this.text(tsJson(sec, nsec));
      return;
    }
    if (this.pos + 20 > this.buf.length) this.grow(20);
    const buf = this.buf;
    let p = putUint(buf, this.pos, sec);
    if (nsec !== 0) p = fraction(buf, p, nsec);
    this.pos = p;
  }

  /** isoText(sec, nsec) as a JSON string (its digits written here, no string made, in its fast range). */
  iso(sec: number, nsec: number): void {
    if (!isoFast(sec, nsec)) {
      this.str(isoText(sec, nsec));
      return;
    }
    const days = Math.floor(sec / 86400);
    const tod = sec - days * 86400;
    if (days !== this.isoDay) {
      // "YYYY-MM-DDT" of this day, kept for the next times (a capture's flows share their days)
      const ymd = civilDate(days);
      const d = this.isoDate;
      digits(d, 0, Math.floor(ymd / 10000), 4);
      d[4] = 0x2d;
      digits(d, 5, Math.floor(ymd / 100) % 100, 2);
      d[7] = 0x2d;
      digits(d, 8, ymd % 100, 2);
      d[10] = 0x54;
      this.isoDay = days;
    }
    if (this.pos + 34 > this.buf.length) this.grow(34);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    const d = this.isoDate;
    for (let i = 0; i < 11; i++) buf[p++] = d[i];
    const h = Math.floor(tod / 3600);
    const mi = Math.floor((tod - h * 3600) / 60);
    p = digits(buf, p, h, 2);
    buf[p++] = 0x3a;
    p = digits(buf, p, mi, 2);
    buf[p++] = 0x3a;
    p = digits(buf, p, tod - h * 3600 - mi * 60, 2);
    if (nsec !== 0) p = fraction(buf, p, nsec);
    buf[p++] = 0x5a;
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** An IPv4 address (one 32-bit word) as a dotted quad. */
  ipv4(a: number): void {
    if (this.pos + 15 > this.buf.length) this.grow(15);
    const buf = this.buf;
    let p = putUint(buf, this.pos, a >>> 24);
    buf[p++] = 0x2e;
    p = putUint(buf, p, (a >>> 16) & 255);
    buf[p++] = 0x2e;
    p = putUint(buf, p, (a >>> 8) & 255);
    buf[p++] = 0x2e;
    this.pos = putUint(buf, p, a & 255);
  }

  /** The bytes written so far as a string (for callers that want text). */
  toString(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }
}

/** Pieces longer than this are copied by TypedArray set (a memory move), shorter ones byte by byte. */
const RAW_SET = 8;

/** `b` copied to buf[p] (room made): by TypedArray set past RAW_SET bytes, else byte by byte; the position after it. */
function putBytes(buf: Uint8Array, p: number, b: Uint8Array): number {
  const n = b.length;
  if (n > RAW_SET) {
    buf.set(b, p);
    return p + n;
  }
  for (let i = 0; i < n; i++) buf[p++] = b[i];
  return p;
}

/** "00" .. "99" as byte pairs. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = 0x30 + Math.floor(i / 10);
  DIGIT_PAIRS[2 * i + 1] = 0x30 + (i % 10);
}

/** "." and the nine-digit fraction `nsec` (1 ≤ nsec < 10^9) with its trailing zeros trimmed, at buf[p]; the position after it. */
function fraction(buf: Uint8Array, p: number, nsec: number): number {
  let n = 9;
  let ns = nsec;
  while (ns % 10 === 0) {
    ns /= 10;
    n--;
  }
  buf[p++] = 0x2e;
  return digits(buf, p, ns, n);
}

/** `v` (0 ≤ v < 10^n) as `n` decimal digits with leading zeros at buf[p]; the position after them. */
function digits(buf: Uint8Array, p: number, v: number, n: number): number {
  let i = p + n;
  for (; i - p >= 2; v = Math.floor(v / 100)) {
    const r = 2 * (v % 100);
    buf[--i] = DIGIT_PAIRS[r + 1];
    buf[--i] = DIGIT_PAIRS[r];
  }
  if (i > p) buf[--i] = 0x30 + (v % 10);
  return p + n;
}

/** The decimal digits of an integer in 0 .. 2^31 − 1 at buf[p] (room made); the position after them. */
function putUint(buf: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    buf[p] = 0x30 + v;
    return p + 1;
  }
  if (v < 100) {
    buf[p] = DIGIT_PAIRS[2 * v];
    buf[p + 1] = DIGIT_PAIRS[2 * v + 1];
    return p + 2;
  }
  const n = v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
  return digits(buf, p, v, n);
}

/** The bytes of an ASCII text (a key or fragment written by raw()); throws on any other character. */
export function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) throw new Error(`not ASCII: ${JSON.stringify(s)}`);
    b[i] = c;
  }
  return b;
}

/**
 * A string as JSON.stringify writes it. Most need no escape: plain text is quoted directly;
 * the rest (quote, backslash, control characters, surrogates) go to JSON.stringify. A marker
 * (U+0000 "ts:") string is replaced as stringifyReport would: its matches never cross a string.
 */
export function jstr(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return escapedStr(s);
  }
  return '"' + s + '"';
}

function escapedStr(s: string): string {
  const t = JSON.stringify(s);
  return s.includes('\u0000') ? t.replace(TS_RE, '$1') : t;
}

/** A report timestamp's JSON text: the exact decimal, or (odd input) what the marker string becomes. */
function tsJson(sec: number, nsec: number): string {
  if (Number.isInteger(nsec) && nsec >= 0 && nsec < 1e9 && Number.isInteger(sec) && sec > -1e21 && sec < 1e21) {
    return tsText(sec, nsec);
  }
  return escapedStr(TS_MARK + tsText(sec, nsec));
}

