/**
 * Just enough X.509 (RFC 5280) to report a server certificate: subject and issuer DNs in
 * nDPI's form ("C=US, O=Google Trust Services, CN=WR2": only C, ST, L, O, OU and CN, in
 * certificate order, printable values cut at 63 characters as nDPI does), the DNS and IP
 * subjectAltNames, validity as epoch seconds and the SHA-1 of the DER. A small DER reader
 * that bounds every length by its parent; anything malformed yields null.
 */
import { ascii } from '../bytes.js';
import type { BytesMemo } from '../caches.js';
import { hexOfBytes } from '../digest.js';

export interface CertInfo {
  subject: string;
  issuer: string;
  sans: string[];
  notBefore: number;
  notAfter: number;
  /** SHA-1 of the DER, upper-case hex pairs joined by ':' as nDPI prints it. */
  sha1: string;
}

/** One DER element: tag, and content bounds [s, e). */
interface Tlv {
  tag: number;
  s: number;
  e: number;
}

/** Reads the element at i, bounded by end; null when it does not fit. */
function tlv(b: Uint8Array, i: number, end: number): Tlv | null {
  if (i + 2 > end) return null;
  const tag = b[i];
  let len = b[i + 1];
  let s = i + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || s + n > end) return null;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[s + k];
    s += n;
  }
  const e = s + len;
  if (e > end) return null;
  return { tag, s, e };
}

const DN_LABELS: Record<number, string> = { 3: 'CN', 6: 'C', 7: 'L', 8: 'ST', 10: 'O', 11: 'OU' };

function printable(b: Uint8Array, s: number, e: number): string | null {
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c < 0x20 || c > 0x7e) return null;
  }
  return ascii(b, s, e);
}

/** Formats a Name (SEQUENCE OF SET OF AttributeTypeAndValue) at [s, e). */
function formatName(b: Uint8Array, s: number, e: number): string {
  const parts: string[] = [];
  let i = s;
  while (i < e) {
    const set = tlv(b, i, e);
    if (!set) break;
    let j = set.s;
    while (j < set.e) {
      const atv = tlv(b, j, set.e);
      if (!atv) break;
      const oid = tlv(b, atv.s, atv.e);
      if (oid && oid.tag === 0x06 && oid.e - oid.s === 3 && b[oid.s] === 0x55 && b[oid.s + 1] === 0x04) {
        const label = DN_LABELS[b[oid.s + 2]];
        const val = tlv(b, oid.e, atv.e);
        if (label && val) {
          const text = printable(b, val.s, Math.min(val.e, val.s + 63));
          if (text !== null) parts.push(`${label}=${text}`);
        }
      }
      j = atv.e;
    }
    i = set.e;
  }
  return parts.join(', ');
}

function digits(b: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = b[i + k] - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) → epoch seconds, NaN if odd. */
function parseTime(b: Uint8Array, t: Tlv): number {
  let i = t.s;
  let year: number;
  if (t.tag === 0x17) {
    if (t.e - i < 12) return NaN;
    year = digits(b, i, 2);
    year += year >= 50 ? 1900 : 2000;
    i += 2;
  } else if (t.tag === 0x18) {
    if (t.e - i < 14) return NaN;
    year = digits(b, i, 4);
    i += 4;
  } else return NaN;
  const ms = Date.UTC(year, digits(b, i, 2) - 1, digits(b, i + 2, 2), digits(b, i + 4, 2), digits(b, i + 6, 2), digits(b, i + 8, 2));
  return ms / 1000;
}

function formatIp(b: Uint8Array, s: number, e: number): string | null {
  if (e - s === 4) return `${b[s]}.${b[s + 1]}.${b[s + 2]}.${b[s + 3]}`;
  if (e - s !== 16) return null;
  const g: number[] = [];
  for (let k = 0; k < 16; k += 2) g.push((b[s + k] << 8) | b[s + k + 1]);
  let bestS = -1;
  let bestL = 0;
  for (let k = 0; k < 8; ) {
    if (g[k] !== 0) {
      k++;
      continue;
    }
    let j = k;
    while (j < 8 && g[j] === 0) j++;
    if (j - k > bestL && j - k >= 2) {
      bestS = k;
      bestL = j - k;
    }
    k = j;
  }
  const h = (x: number) => x.toString(16);
  if (bestS < 0) return g.map(h).join(':');
  return `${g.slice(0, bestS).map(h).join(':')}::${g.slice(bestS + bestL).map(h).join(':')}`;
}

/** subjectAltName extnValue content: SEQUENCE OF GeneralName. */
function parseSans(b: Uint8Array, s: number, e: number, out: string[]): void {
  const seq = tlv(b, s, e);
  if (!seq || seq.tag !== 0x30) return;
  let i = seq.s;
  while (i < seq.e && out.length < 1024) {
    const gn = tlv(b, i, seq.e);
    if (!gn) break;
    if (gn.tag === 0x82) {
      const name = printable(b, gn.s, gn.e);
      if (name) out.push(name);
    } else if (gn.tag === 0x87) {
      const ip = formatIp(b, gn.s, gn.e);
      if (ip) out.push(ip);
    }
    i = gn.e;
  }
}

/** The run's memo of parsed certificates, by their bytes (DissectContext.certs). */
export type CertMemo = BytesMemo<CertInfo | null>;

/**
 * Parses the DER certificate b[off, off+len); null when its structure is not X.509.
 * `memo`: the run's; a certificate seen before (a server's, on many flows) is not parsed
 * again. The result is the caller's own (a copy of what the memo keeps).
 */
export function parseCertificate(b: Uint8Array, off: number, len: number, memo?: CertMemo): CertInfo | null {
  if (memo === undefined) return parse(b, off, len);
  const end = Math.min(b.length, off + len);
  let info = memo.get(b, off, end);
  if (info === undefined) {
    info = parse(b, off, len);
    memo.set(b, off, end, info);
  }
  return info === null ? null : { ...info, sans: info.sans.slice() };
}

function parse(b: Uint8Array, off: number, len: number): CertInfo | null {
  const end = Math.min(b.length, off + len);
  const cert = tlv(b, off, end);
  if (!cert || cert.tag !== 0x30) return null;
  const tbs = tlv(b, cert.s, cert.e);
  if (!tbs || tbs.tag !== 0x30) return null;
  let i = tbs.s;
  let el = tlv(b, i, tbs.e);
  if (el && el.tag === 0xa0) {
    i = el.e; // version
    el = tlv(b, i, tbs.e);
  }
  if (!el || el.tag !== 0x02) return null; // serialNumber
  const alg = tlv(b, el.e, tbs.e);
  if (!alg || alg.tag !== 0x30) return null;
  const issuer = tlv(b, alg.e, tbs.e);
  if (!issuer || issuer.tag !== 0x30) return null;
  const validity = tlv(b, issuer.e, tbs.e);
  if (!validity || validity.tag !== 0x30) return null;
  const subject = tlv(b, validity.e, tbs.e);
  if (!subject || subject.tag !== 0x30) return null;
  const nb = tlv(b, validity.s, validity.e);
  const na = nb ? tlv(b, nb.e, validity.e) : null;
  const info: CertInfo = {
    subject: formatName(b, subject.s, subject.e),
    issuer: formatName(b, issuer.s, issuer.e),
    sans: [],
    notBefore: nb ? parseTime(b, nb) : NaN,
    notAfter: na ? parseTime(b, na) : NaN,
    sha1: '',
  };
  // skip subjectPublicKeyInfo and optional unique ids, find [3] extensions
  i = subject.e;
  while (i < tbs.e) {
    const x = tlv(b, i, tbs.e);
    if (!x) break;
    if (x.tag === 0xa3) {
      const exts = tlv(b, x.s, x.e);
      if (exts && exts.tag === 0x30) {
        let j = exts.s;
        while (j < exts.e) {
          const ext = tlv(b, j, exts.e);
          if (!ext) break;
          const oid = tlv(b, ext.s, ext.e);
          // 2.5.29.17 subjectAltName
          if (oid && oid.tag === 0x06 && oid.e - oid.s === 3 && b[oid.s] === 0x55 && b[oid.s + 1] === 0x1d && b[oid.s + 2] === 0x11) {
            let v = tlv(b, oid.e, ext.e);
            if (v && v.tag === 0x01) v = tlv(b, v.e, ext.e); // critical flag
            if (v && v.tag === 0x04) parseSans(b, v.s, v.e, info.sans);
          }
          j = ext.e;
        }
      }
    }
    i = x.e;
  }
  // "AB:CD:…" from the lower-case hex digest
  const hex = hexOfBytes('sha1', b.subarray(off, cert.e)).toUpperCase();
  let sha1 = '';
  for (let k = 0; k < hex.length; k += 2) sha1 += (k === 0 ? '' : ':') + hex.slice(k, k + 2);
  info.sha1 = sha1;
  return info;
}
