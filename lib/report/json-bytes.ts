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
    this.room(10);
    const buf = this.buf;
    if (v < 10) {
      buf[this.pos++] = 0x30 + v;
      return;
    }
    let len = 0;
    for (let t = v; t > 0; t = (t / 10) | 0) len++;
    let p = (this.pos += len);
    for (let t = v; t > 0; t = (t / 10) | 0) buf[--p] = 0x30 + (t % 10);
  }

  /** A report timestamp: the exact decimal (seconds, the fraction with trailing zeros trimmed). */
  ts(sec: number, nsec: number): void {
    if (!(sec >= 0 && sec <= 0x7fffffff && (sec | 0) === sec && nsec >= 0 && nsec < 1e9 && (nsec | 0) === nsec)) {
      this.text(tsJson(sec, nsec));
      return;
    }
    this.uint31(sec);
    if (nsec === 0) return;
    let digits = 9;
    let ns = nsec;
    while (ns % 10 === 0) {
      ns /= 10;
      digits--;
    }
    this.room(10);
    const buf = this.buf;
    buf[this.pos++] = 0x2e;
    let p = (this.pos += digits);
    for (let i = 0; i < digits; i++, ns = (ns / 10) | 0) buf[--p] = 0x30 + (ns % 10);
  }

  /** isoText(sec, nsec) as a JSON string (its digits written here, no string made, in its fast range). */
  iso(sec: number, nsec: number): void {
    if (!isoFast(sec, nsec)) {
      this.str(isoText(sec, nsec));
      return;
    }
    const days = Math.floor(sec / 86400);
    const tod = sec - days * 86400;
    const ymd = civilDate(days);
    this.room(32);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    p = digits(buf, p, Math.floor(ymd / 10000), 4);
    buf[p++] = 0x2d;
    p = digits(buf, p, Math.floor(ymd / 100) % 100, 2);
    buf[p++] = 0x2d;
    p = digits(buf, p, ymd % 100, 2);
    buf[p++] = 0x54;
    const h = Math.floor(tod / 3600);
    const mi = Math.floor((tod - h * 3600) / 60);
    p = digits(buf, p, h, 2);
    buf[p++] = 0x3a;
    p = digits(buf, p, mi, 2);
    buf[p++] = 0x3a;
    p = digits(buf, p, tod - h * 3600 - mi * 60, 2);
    if (nsec !== 0) {
      // the nine-digit fraction with its trailing zeros trimmed
      let n = 9;
      let ns = nsec;
      while (ns % 10 === 0) {
        ns /= 10;
        n--;
      }
      buf[p++] = 0x2e;
      p = digits(buf, p, ns, n);
    }
    buf[p++] = 0x5a;
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** An IPv4 address (one 32-bit word) as a dotted quad. */
  ipv4(a: number): void {
    this.uint31(a >>> 24);
    this.buf[this.pos++] = 0x2e;
    this.uint31((a >>> 16) & 255);
    this.buf[this.pos++] = 0x2e;
    this.uint31((a >>> 8) & 255);
    this.buf[this.pos++] = 0x2e;
    this.uint31(a & 255);
  }

  /** The bytes written so far as a string (for callers that want text). */
  toString(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }
}

/** `v` (0 ≤ v < 10^n) as `n` decimal digits with leading zeros at buf[p]; the position after them. */
function digits(buf: Buffer, p: number, v: number, n: number): number {
  for (let i = p + n - 1; i >= p; i--, v = Math.floor(v / 10)) buf[i] = 0x30 + (v % 10);
  return p + n;
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

