/**
 * The report's exact values: timestamps and durations as exact decimal numbers (seconds with
 * every fraction digit of the capture), carried as marker strings until a writer puts them
 * out as JSON numbers (json.ts) or text (csv, sarif, tables).
 */

/**
 * Timestamps are written as exact decimal numbers (seconds with all the capture's
 * fraction digits): JSON.stringify cannot emit such a literal, so a marker string is
 * replaced after stringifying.
 */
export const TS_MARK = '\u0000ts:';

export function tsValue(sec: number, nsec: number): string {
  return TS_MARK + tsText(sec, nsec);
}

/**
 * "1704067200.123456789" with trailing zeros trimmed (".5"), or "1704067200". Exact for any
 * integer seconds: before 1970 ("-994.999999993" for -995 s + 7 ns) and beyond 1e21 (no
 * exponent form, which JSON would accept but the marker replacement would not).
 */
export function tsText(sec: number, nsec: number): string {
  // the usual case (integer parts, nanoseconds in range) without padStart and regex
  if (Number.isInteger(nsec) && nsec >= 0 && nsec < 1e9 && Number.isInteger(sec) && sec > -1e21 && sec < 1e21) {
    if (sec >= 0) return nsec === 0 ? '' + sec : sec + '.' + fracText(nsec);
    if (nsec === 0) return '' + sec;
    // -995 s + 7 ns = -(994 s + 999999993 ns)
    return '-' + -(sec + 1) + '.' + fracText(1e9 - nsec);
  }
  return tsTextAny(sec, nsec);
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];

/** Nine-digit fraction of 1..999999999 nanoseconds, trailing zeros trimmed. */
function fracText(ns: number): string {
  let digits = 9;
  while (ns % 10 === 0) {
    ns /= 10;
    digits--;
  }
  const t = '' + ns;
  return t.length === digits ? t : ZEROS[digits - t.length] + t;
}

/** tsText for any input (huge or fractional seconds, nanoseconds out of range). */
function tsTextAny(sec: number, nsec: number): string {
  let neg = false;
  let whole = sec;
  let frac = nsec;
  if (sec < 0 && nsec > 0) {
    neg = true;
    whole = -(sec + 1);
    frac = 1e9 - nsec;
  } else if (sec < 0) {
    neg = true;
    whole = -sec;
  }
  const w = Math.abs(whole) >= 1e21 && Number.isInteger(whole) ? BigInt(whole).toString() : String(whole);
  const sign = neg && (whole !== 0 || frac !== 0) ? '-' : '';
  if (frac === 0) return sign + w;
  return `${sign}${w}.${String(frac).padStart(9, '0').replace(/0+$/, '')}`;
}

/** A number of a report: exact timestamps are marker strings until stringified. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.startsWith(TS_MARK)) return Number(v.slice(TS_MARK.length));
  return Number(v);
}

/** The exact decimal text of a report number (a timestamp keeps every digit). */
export function numText(v: unknown): string {
  if (typeof v === 'string' && v.startsWith(TS_MARK)) return v.slice(TS_MARK.length);
  return String(v);
}

/** A flow's duration (last − first seen, 0 when negative) in the form `write` gives it. */
export function duration<T>(s1: number, n1: number, s2: number, n2: number, write: (sec: number, nsec: number) => T): T {
  let sec = s2 - s1;
  let nsec = n2 - n1;
  if (nsec < 0) {
    sec -= 1;
    nsec += 1e9;
  }
  return sec < 0 ? write(0, 0) : write(sec, nsec);
}

/** A duration as an exact number (tsValue). */
export function durationValue(s1: number, n1: number, s2: number, n2: number): string {
  return duration(s1, n1, s2, n2, tsValue);
}

/**
 * The nanoseconds of a time as the report's time numbers keep them: cut to the microsecond,
 * so that the seconds have at most 6 fraction digits, which a double holds exactly (the
 * `_iso` string beside it has them all).
 */
export function microNsec(nsec: number): number {
  return nsec - (nsec % 1000);
}

/** A time as the report's number: seconds to the microsecond (microNsec), an exact number. */
export function timeValue(sec: number, nsec: number): string {
  return tsValue(sec, microNsec(nsec));
}

/**
 * RFC 3339 UTC with the capture's fraction digits ("2026-11-30T12:34:56.437141273Z", trailing
 * zeros trimmed); a report number (exact marker), a number or an RFC 3339 string (kept).
 */
export function isoTime(v: unknown): string {
  if (typeof v === 'string' && !v.startsWith(TS_MARK) && v.endsWith('Z')) return v;
  const text = numText(v);
  if (text.startsWith('-') || !/^\d+(\.\d+)?$/.test(text)) {
    const ms = num(v) * 1000; // before 1970 (or odd): millisecond precision
    return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : text;
  }
  const dot = text.indexOf('.');
  const s = dot < 0 ? text : text.slice(0, dot);
  if (!(Number(s) * 1000 <= 8.64e15)) return text; // beyond what a Date holds
  return `${new Date(Number(s) * 1000).toISOString().slice(0, 19)}${dot < 0 ? '' : text.slice(dot)}Z`;
}

/** isoTime of a time given as seconds and nanoseconds. */
export function isoText(sec: number, nsec: number): string {
  // whole seconds and a nanosecond part in range: exact, before 1970 too
  if (isoFast(sec, nsec)) {
    // years 0000-9999: the text a Date's toISOString has, computed in integers (no Date, no
    // regular expression: this is written twice per flow)
    return nsec === 0 ? civilText(sec) + 'Z' : civilText(sec) + '.' + fracText(nsec) + 'Z';
  }
  // beyond a Date (a damaged timestamp, ±275,000 years and more): the proleptic Gregorian
  // calendar in integers, so the text is still RFC 3339 with the year widened
  if (Number.isInteger(sec) && Number.isInteger(nsec) && nsec >= 0 && nsec < 1e9) {
    const frac = nsec === 0 ? '' : '.' + String(nsec).padStart(9, '0').replace(/0+$/, '');
    return bigIso(BigInt(sec)) + frac + 'Z';
  }
  return isoTime(TS_MARK + tsText(sec, nsec));
}

/** "00" … "99". */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);

/**
 * The civil date of a day number (days since 1970-01-01) in years 0000-9999, as one number
 * year × 10000 + month × 100 + day (H. Hinnant's algorithm, as bigIso below, in doubles).
 */
export function civilDate(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 10000 + m * 100 + d;
}

/** The seconds of isoText's fast path: whole, in years 0000-9999 (what a Date's text covers). */
export function isoFast(sec: number, nsec: number): boolean {
  return Number.isInteger(sec) && Number.isInteger(nsec) && nsec >= 0 && nsec < 1e9 && sec >= -62167219200 && sec < 253402300800;
}

/** "YYYY-MM-DDTHH:MM:SS" of whole seconds since 1970 in years 0000-9999. */
function civilText(sec: number): string {
  const days = Math.floor(sec / 86400);
  const tod = sec - days * 86400;
  const ymd = civilDate(days);
  const y = Math.floor(ymd / 10000);
  const h = Math.floor(tod / 3600);
  const mi = Math.floor((tod - h * 3600) / 60);
  const T = TWO_DIGITS;
  return T[Math.floor(y / 100)] + T[y % 100] + '-' + T[Math.floor(ymd / 100) % 100] + '-' + T[ymd % 100] + 'T' + T[h] + ':' + T[mi] + ':' + T[tod - h * 3600 - mi * 60];
}

/** Floor division of integers. */
function fdiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** "YYYY-MM-DDTHH:MM:SS" of any whole number of seconds since 1970 (days to civil date: H. Hinnant's algorithm). */
function bigIso(sec: bigint): string {
  const days = fdiv(sec, 86400n);
  const tod = Number(sec - days * 86400n);
  const z = days + 719468n;
  const era = fdiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const d = doy - (153n * mp + 2n) / 5n + 1n;
  const m = mp < 10n ? mp + 3n : mp - 9n;
  const y = yoe + era * 400n + (m <= 2n ? 1n : 0n);
  const two = (n: bigint | number): string => String(n).padStart(2, '0');
  const year = y < 0n ? '-' + String(-y).padStart(4, '0') : String(y).padStart(4, '0');
  return `${year}-${two(m)}-${two(d)}T${two(Math.floor(tod / 3600))}:${two(Math.floor((tod % 3600) / 60))}:${two(tod % 60)}`;
}
