/**
 * nDPI's URL validation (ndpi_validate_url in ndpi_utils.c), run by ndpiReader on the URL
 * of every HTTP flow (host + target): the query string after the first '?' is split at
 * '&'; each "name=value" pair's value is URL-decoded ('+' is a space, %XX a byte; a value
 * with a bad escape is skipped, and a NUL ends it as it ends a C string) and tested with
 * libinjection's XSS test, then its SQLi test; the first value that fails one stops the
 * walk. A part without '=' ends the walk too (nDPI's loop breaks there). nDPI's third
 * test, RCE injection, is compiled only in builds with PCRE2 and is not ported (docs/RISKS.md).
 */
import { hexDigit } from '../classify/bytes.js';
import { sqliFingerprint } from './sqli.js';
import { isXss } from './xss.js';

export interface UrlInjection {
  kind: 'xss' | 'sqli';
  /** the decoded value that failed (a byte string) */
  value: string;
  /** the parameter's name as it appears in the URL */
  name: string;
  /** libinjection's SQLi fingerprint */
  fingerprint?: string;
}

/**
 * ndpi_url_decode: '+' → space, %XX → the byte; undefined for '%' not followed by two hex
 * digits. The result is cut at its first NUL (the C string ends there).
 */
export function urlDecode(v: string): string | undefined {
  if (!v.includes('%') && !v.includes('+')) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 43) out += ' ';
    else if (c === 37) {
      const hi = hexDigit(i + 1 < v.length ? v.charCodeAt(i + 1) : 0);
      const lo = hi < 0 ? -1 : hexDigit(i + 2 < v.length ? v.charCodeAt(i + 2) : 0);
      if (lo < 0) return undefined;
      out += String.fromCharCode(hi * 16 + lo);
      i += 2;
    } else out += v[i];
  }
  const nul = out.indexOf('\0');
  return nul < 0 ? out : out.slice(0, nul);
}

/** The first parameter value of `url`'s query that libinjection calls XSS or SQLi, as nDPI walks them. */
export function urlInjection(url: string): UrlInjection | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  // a C string: the URL ends at a NUL
  const nulAt = url.indexOf('\0', q);
  const query = url.slice(q + 1, nulAt < 0 ? undefined : nulAt);
  for (const part of query.split('&')) {
    if (part === '') continue; // strtok skips empty fields
    const eq = part.indexOf('=');
    if (eq < 0) break;
    const raw = part.slice(eq + 1);
    if (raw === '') continue;
    const value = urlDecode(raw);
    if (value === undefined || value === '') continue;
    const name = part.slice(0, eq);
    if (isXss(value)) return { kind: 'xss', value, name };
    const fingerprint = sqliFingerprint(value);
    if (fingerprint !== undefined) return { kind: 'sqli', value, name, fingerprint };
  }
  return undefined;
}
