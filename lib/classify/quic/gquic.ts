/**
 * Google QUIC up to Q046 (cleartext handshake). Headers:
 * - Q024–Q043 "public header": flags (0x01 version present, 0x08 8-byte connection id),
 *   connection id, version "Q0nn", …;
 * - Q046 long header: 0b11xxxxxx, version "Q046", connection-id lengths nibble byte, ….
 * The client's first packet carries a crypto-stream frame with a CHLO message: "CHLO",
 * u16le tag count, 2 bytes padding, (tag, u32le end offset) pairs, then the values. We read
 * SNI, UAID (user agent) and VER.
 */

/** "Q0nn" at b[i..i+4): the version as a number, or 0. */
export function gquicVersionAt(b: Uint8Array, i: number, end: number): number {
  if (i + 4 > end) return 0;
  if (b[i] !== 0x51 /* Q */ || b[i + 1] !== 0x30) return 0;
  const d1 = b[i + 2] - 48;
  const d2 = b[i + 3] - 48;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return 0;
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

/** Versions nDPI takes for gQUIC with a cleartext handshake: Q02x, Q03x, Q04x. */
function cleartextGquic(v: number): boolean {
  const g = (v & 0xffffff00) >>> 0;
  return g === 0x51303200 || g === 0x51303300 || g === 0x51303400;
}

/**
 * Versions whose CHLO nDPI reads (quic.c is_version_supported); other Q02x–Q04x versions
 * are QUIC without metadata.
 */
export function gquicCleartextSupported(v: number): boolean {
  switch (v) {
    case 0x51303234: // Q024
    case 0x51303235:
    case 0x51303330:
    case 0x51303333:
    case 0x51303334:
    case 0x51303335:
    case 0x51303337:
    case 0x51303339:
    case 0x51303433:
    case 0x51303436:
      return true;
  }
  return false;
}

/**
 * The version of a client gQUIC packet (Q02x–Q046), or 0 when it does not look like one.
 * Q050 and later encrypt their Initial and are handled as IETF-style.
 */
export function gquicClientVersion(b: Uint8Array, off: number, end: number): number {
  const flags = b[off];
  if (flags & 0x80) {
    // Q046 long header
    const v = gquicVersionAt(b, off + 1, end);
    return v !== 0 && v <= 0x51303436 && cleartextGquic(v) ? v : 0;
  }
  // public header: version flag set, 8-byte connection id
  if ((flags & 0x01) === 0 || (flags & 0x08) === 0) return 0;
  const v = gquicVersionAt(b, off + 9, end);
  return cleartextGquic(v) ? v : 0;
}

export interface Chlo {
  sni: string;
  userAgent: string;
}

function tagIs(b: Uint8Array, i: number, t: string): boolean {
  return b[i] === t.charCodeAt(0) && b[i + 1] === t.charCodeAt(1) && b[i + 2] === t.charCodeAt(2) && b[i + 3] === t.charCodeAt(3);
}

function text(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]);
  return out;
}

/** Finds and parses a CHLO in b[off, end); null when there is none or it is malformed. */
export function findChlo(b: Uint8Array, off: number, end: number): Chlo | null {
  const limit = Math.min(end - 8, off + 256);
  let m = -1;
  for (let i = off; i <= limit; i++) {
    if (b[i] === 0x43 && tagIs(b, i, 'CHLO')) {
      m = i;
      break;
    }
  }
  if (m < 0) return null;
  const n = b[m + 4] | (b[m + 5] << 8);
  const idx = m + 8;
  const values = idx + n * 8;
  if (n === 0 || n > 128 || values > end) return null;
  const out: Chlo = { sni: '', userAgent: '' };
  let prev = 0;
  for (let k = 0; k < n; k++) {
    const t = idx + k * 8;
    const endOff = (b[t + 4] | (b[t + 5] << 8) | (b[t + 6] << 16) | (b[t + 7] << 24)) >>> 0;
    if (endOff < prev || values + endOff > end) break;
    const s = values + prev;
    const e = values + endOff;
    if (tagIs(b, t, 'SNI\0')) out.sni = text(b, s, e).toLowerCase();
    else if (tagIs(b, t, 'UAID')) out.userAgent = text(b, s, e);
    prev = endOff;
  }
  return out;
}
