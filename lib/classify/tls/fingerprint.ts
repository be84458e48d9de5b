/**
 * TLS client/server fingerprints as nDPI 4.11 prints them:
 * - JA3C: md5("version,ciphers,extensions,groups,point_formats"), decimal values joined by
 *   '-', GREASE removed (salesforce/ja3).
 * - JA3S: md5("version,cipher,extensions").
 * - JA4 (FoxIO): "<t|q|d><ver><d|i><nn ciphers><nn extensions><alpn>_<sha256(ciphers)[:12]>_
 *   <sha256(extensions_sigalgs)[:12]>". Where nDPI 4.11 differs from the spec we follow
 *   nDPI, since its verdicts are our ground truth: the two ALPN characters are the first two
 *   characters of the comma-joined offered list with its last character dropped
 *   ("http/1.1" → "ht", "h3" → "h0"), and the version is the highest non-GREASE value of
 *   legacy_version and supported_versions (so TLS 1.3 drafts 0x7fxx give "00"), and the
 *   SNI character is 'd' even when the hello has no SNI.
 */
import { hexOfBytesMemo, type DigestMemo } from '../digest.js';
import { isGrease, type ClientHello, type ServerHello } from './hello.js';

/*
 * The fingerprint texts are written as ASCII bytes into one scratch buffer and hashed from
 * there: building them as strings made ~2 KB of short-lived strings per hello. The buffers
 * (`text`, `sortBuf`) are scratch: filled and read within one synchronous call, nothing in
 * them outlives it; the write position belongs to the call (TextWriter).
 */

/** Room for the longest text: 3 lists of 512 values × 6 characters, plus 255 point formats. */
const text = new Uint8Array(16 * 1024);

const HEXDIGITS = '0123456789abcdef';
const HEXCODE = Uint8Array.from(HEXDIGITS, (c) => c.charCodeAt(0));

/** One fingerprint text being written into the scratch buffer. */
class TextWriter {
  len = 0;

  char(c: number): void {
    text[this.len++] = c;
  }

  /** Decimal digits of 0 ≤ v < 100000. */
  dec(v: number): void {
    if (v >= 10000) this.char(48 + ((v / 10000) | 0));
    if (v >= 1000) this.char(48 + (((v / 1000) | 0) % 10));
    if (v >= 100) this.char(48 + (((v / 100) | 0) % 10));
    if (v >= 10) this.char(48 + (((v / 10) | 0) % 10));
    this.char(48 + (v % 10));
  }

  /** Four lower-case hex digits of a 16-bit value. */
  hex4(v: number): void {
    this.char(HEXCODE[(v >> 12) & 15]);
    this.char(HEXCODE[(v >> 8) & 15]);
    this.char(HEXCODE[(v >> 4) & 15]);
    this.char(HEXCODE[v & 15]);
  }

  /** Values joined by '-' in decimal (GREASE left out when asked). */
  decList(v: readonly number[], skipGrease: boolean): void {
    let first = true;
    for (let k = 0; k < v.length; k++) {
      const x = v[k];
      if (skipGrease && isGrease(x)) continue;
      if (!first) this.char(0x2d);
      this.dec(x);
      first = false;
    }
  }

  /** Appends sortBuf[0..n) as comma-separated 4-digit hex. */
  hexScratch(n: number): void {
    for (let i = 0; i < n; i++) {
      if (i !== 0) this.char(0x2c);
      this.hex4(sortBuf[i]);
    }
  }

  /** `memo`: the run's (the same digest without it). */
  hash(alg: 'md5' | 'sha256', memo: DigestMemo | undefined): string {
    return hexOfBytesMemo(alg, text, this.len, memo);
  }

  /** The first 12 hex digits of the SHA-256 of the text. */
  sha12(memo: DigestMemo | undefined): string {
    return this.hash('sha256', memo).slice(0, 12);
  }
}

/** `memo` (all three): the run's digests, if any (DissectContext.digests). */
export function ja3c(ch: ClientHello, memo?: DigestMemo): string {
  const w = new TextWriter();
  w.dec(ch.version);
  w.char(0x2c);
  w.decList(ch.ciphers, true);
  w.char(0x2c);
  w.decList(ch.extensions, true);
  w.char(0x2c);
  w.decList(ch.groups, true);
  w.char(0x2c);
  w.decList(ch.pointFormats, false);
  return w.hash('md5', memo);
}

export function ja3s(sh: ServerHello, memo?: DigestMemo): string {
  const w = new TextWriter();
  w.dec(sh.version);
  w.char(0x2c);
  w.dec(sh.cipher);
  w.char(0x2c);
  w.decList(sh.extensions, false);
  return w.hash('md5', memo);
}

function ja4Version(v: number): string {
  switch (v) {
    case 0x0304:
      return '13';
    case 0x0303:
      return '12';
    case 0x0302:
      return '11';
    case 0x0301:
      return '10';
    case 0x0300:
      return 's3';
    case 0x0002:
      return 's2';
    case 0xfeff:
      return 'd1';
    case 0xfefd:
      return 'd2';
    case 0xfefc:
      return 'd3';
  }
  return '00';
}

/** Scratch for the sorted lists of ja4 (hello lists are capped at 512 entries). */
const sortBuf = new Int32Array(1024);

/** Sorts sortBuf[0..n) ascending (insertion sort: the lists are short). */
function sortScratch(n: number): void {
  const a = sortBuf;
  for (let i = 1; i < n; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

function two(n: number): string {
  return n > 99 ? '99' : n < 10 ? `0${n}` : `${n}`;
}

function isNumericIp(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-f:.]+$/i.test(s));
}

/** JA4 of a ClientHello; `kind` is 't' (TLS over TCP), 'q' (QUIC) or 'd' (DTLS). */
export function ja4(ch: ClientHello, kind: 't' | 'q' | 'd', memo?: DigestMemo): string {
  let version = ch.version;
  for (const v of ch.supportedVersions) if (!isGrease(v) && v > version) version = v;
  // DTLS versions count down (0xfefd is newer than 0xfeff): nDPI's "max" then picks the
  // legacy value, which is what it prints, so keep the plain comparison above.
  // the non-GREASE ciphers, sorted, into the scratch
  let nc = 0;
  for (let k = 0; k < ch.ciphers.length; k++) {
    const c = ch.ciphers[k];
    if (!isGrease(c)) sortBuf[nc++] = c;
  }
  let nx = 0;
  for (let k = 0; k < ch.extensions.length; k++) if (!isGrease(ch.extensions[k])) nx++;
  const alpnJoined = ch.alpn.length === 1 ? ch.alpn[0] : ch.alpn.join(',');
  const a = alpnJoined.length - 1;
  const alpnChars = a <= 0 ? '00' : alpnJoined[0] + (a > 1 ? alpnJoined[1] : '0');
  // nDPI 4.11 prints 'd' whether or not the SNI is there (every JA4 of the corpus has it,
  // those of hellos without SNI too); the spec's 'i' is used only for a numeric SNI.
  const sni = ch.sni !== '' && isNumericIp(ch.sni) ? 'i' : 'd';
  const head = kind + ja4Version(version) + sni + two(nc) + two(nx) + alpnChars;

  sortScratch(nc);
  const w = new TextWriter();
  w.hexScratch(nc);
  const cHash = w.sha12(memo); // nDPI 4.11 hashes an empty list too (e3b0c44298fc)
  // extensions without GREASE, SNI (0) and ALPN (0x10), sorted; then '_' and the
  // signature algorithms in their order, when there are any
  let ne = 0;
  for (let k = 0; k < ch.extensions.length; k++) {
    const e = ch.extensions[k];
    if (!isGrease(e) && e !== 0 && e !== 0x10) sortBuf[ne++] = e;
  }
  sortScratch(ne);
  w.len = 0;
  w.hexScratch(ne);
  const sig = ch.sigAlgs;
  if (sig.length !== 0) {
    w.char(0x5f);
    for (let k = 0; k < sig.length; k++) {
      if (k !== 0) w.char(0x2c);
      w.hex4(sig[k]);
    }
  }
  const eHash = w.sha12(memo);
  return head + '_' + cHash + '_' + eHash;
}
