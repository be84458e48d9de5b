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
import { createHash } from 'node:crypto';
import { isGrease, type ClientHello, type ServerHello } from './hello.js';

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

function sha12(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 12);
}

function decList(v: readonly number[], skipGrease: boolean): string {
  let out = '';
  for (const x of v) {
    if (skipGrease && isGrease(x)) continue;
    out += out ? `-${x}` : `${x}`;
  }
  return out;
}

export function ja3c(ch: ClientHello): string {
  return md5(
    `${ch.version},${decList(ch.ciphers, true)},${decList(ch.extensions, true)},` +
      `${decList(ch.groups, true)},${decList(ch.pointFormats, false)}`,
  );
}

export function ja3s(sh: ServerHello): string {
  return md5(`${sh.version},${sh.cipher},${decList(sh.extensions, false)}`);
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

function hex4(v: number): string {
  return v.toString(16).padStart(4, '0');
}

function two(n: number): string {
  return n > 99 ? '99' : n < 10 ? `0${n}` : `${n}`;
}

function isNumericIp(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-f:.]+$/i.test(s));
}

/** JA4 of a ClientHello; `kind` is 't' (TLS over TCP), 'q' (QUIC) or 'd' (DTLS). */
export function ja4(ch: ClientHello, kind: 't' | 'q' | 'd'): string {
  let version = ch.version;
  for (const v of ch.supportedVersions) if (!isGrease(v) && v > version) version = v;
  // DTLS versions count down (0xfefd is newer than 0xfeff): nDPI's "max" then picks the
  // legacy value, which is what it prints, so keep the plain comparison above.
  const ciphers = ch.ciphers.filter((c) => !isGrease(c));
  const exts = ch.extensions.filter((e) => !isGrease(e));
  const alpnJoined = ch.alpn.join(',');
  const a = alpnJoined.slice(0, Math.max(0, alpnJoined.length - 1));
  const alpnChars = a.length === 0 ? '00' : a[0] + (a.length > 1 ? a[1] : '0');
  // nDPI 4.11 prints 'd' whether or not the SNI is there (every JA4 of the corpus has it,
  // those of hellos without SNI too); the spec's 'i' is used only for a numeric SNI.
  const sni = ch.sni !== '' && isNumericIp(ch.sni) ? 'i' : 'd';
  const head = `${kind}${ja4Version(version)}${sni}${two(ciphers.length)}${two(exts.length)}${alpnChars}`;

  const cs = ciphers.slice().sort((x, y) => x - y).map(hex4).join(',');
  const cHash = sha12(cs); // nDPI 4.11 hashes an empty list too (e3b0c44298fc)
  const es = exts
    .filter((e) => e !== 0 && e !== 0x10)
    .sort((x, y) => x - y)
    .map(hex4)
    .join(',');
  const sig = ch.sigAlgs.map(hex4).join(',');
  const eHash = sha12(sig ? `${es}_${sig}` : es);
  return `${head}_${cHash}_${eHash}`;
}
