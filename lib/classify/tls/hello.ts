/**
 * TLS ClientHello / ServerHello bodies (RFC 8446 §4.1.2–4.1.3, RFC 6347 §4.2.1 for DTLS),
 * shared by the TLS, DTLS and QUIC dissectors. The parsers read the handshake message body
 * (after the 4-byte TLS / 12-byte DTLS handshake header), check every length against the
 * body's end and return null when the fixed part does not fit. Extensions that run past
 * the end are ignored, not fatal (nDPI keeps what it read so far too).
 */
import { ascii, u16 } from '../bytes.js';

/** GREASE values (RFC 8701): both bytes equal and of the form 0x?A. */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}

export interface ClientHello {
  /** legacy_version of the hello. */
  version: number;
  /** Cipher suites as sent (GREASE included). */
  ciphers: number[];
  /** Extension ids in order (GREASE included). */
  extensions: number[];
  sni: string;
  /** The server_name extension was present. */
  hasSni: boolean;
  alpn: string[];
  supportedVersions: number[];
  groups: number[];
  pointFormats: number[];
  sigAlgs: number[];
  /** QUIC transport parameters extension (0x39, or 0xffa5 of the drafts): value bounds. */
  quicParamsOff: number;
  quicParamsLen: number;
  quicParamsExt: number;
  /**
   * An empty encrypt_then_mac extension (22) came after the SNI and before any ALPN
   * extension: one half of nDPI's Tor test (tls.c, extension 22).
   */
  emptyEtmWithoutAlpn: boolean;
  /** A padding extension (21) over 500 bytes: tls.c's "Abnormal Client Hello/Padding length". */
  longPadding: boolean;
  /** An encrypted_server_name extension (0xffce, ESNI drafts) whose encrypted name tls.c reads. */
  esni: boolean;
}

export interface ServerHello {
  version: number;
  cipher: number;
  extensions: number[];
  /** From supported_versions, 0 when absent. */
  selectedVersion: number;
  alpn: string;
}

const MAX_LIST = 512;

function latin1(b: Uint8Array, s: number, e: number): string {
  return ascii(b, s, e);
}

/**
 * ESNI (draft-ietf-tls-esni): cipher suite, key share (group, length-prefixed key), then a
 * length-prefixed record digest and a length-prefixed encrypted name. tls.c keeps the name
 * (and so calls the hello ESNI) when each length field lies inside the message and the
 * encrypted name reaches the extension's end without passing the message's.
 */
function readsEsni(b: Uint8Array, s: number, e: number, end: number): boolean {
  let o = s + 4; // cipher suite, key share group
  if (o + 2 >= end) return false;
  o += 2 + u16(b, o); // key exchange
  if (o + 4 >= end) return false;
  o += 2 + u16(b, o); // record digest
  if (o + 4 >= end) return false;
  const n = u16(b, o);
  o += 2;
  return o + n >= e && o + n < end;
}

/**
 * The big-endian 16-bit values of b[from, end) (whole pairs), at most `max` in all,
 * appended to `list`; an empty list gives a new array of the exact size instead (a list
 * grown by push from empty reserves 17 or more slots: most of a hello's allocation).
 */
function u16s(b: Uint8Array, from: number, end: number, list: number[], max = MAX_LIST): number[] {
  if (list.length === 0) {
    let n = (end - from) >> 1;
    if (n <= 0) return list;
    if (n > max) n = max;
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = u16(b, from + 2 * k);
    return out;
  }
  for (let k = from; k + 2 <= end && list.length < max; k += 2) list.push(u16(b, k));
  return list;
}

/** Parses an ALPN protocol_name_list at [s, e) into names (bounded). */
function parseAlpn(b: Uint8Array, s: number, e: number, out: string[]): void {
  if (s + 2 > e) return;
  let end = s + 2 + u16(b, s);
  if (end > e) end = e;
  let i = s + 2;
  while (i < end && out.length < 64) {
    const n = b[i++];
    if (n === 0 || i + n > end) break;
    out.push(latin1(b, i, i + n));
    i += n;
  }
}

/**
 * The ClientHello whose body is b[off, off+len). `dtls` adds the cookie field.
 * Returns null when the fixed fields do not fit.
 */
export function parseClientHello(b: Uint8Array, off: number, len: number, dtls: boolean): ClientHello | null {
  const end = Math.min(off + len, b.length);
  let i = off;
  if (i + 35 > end) return null;
  const ch: ClientHello = {
    version: u16(b, i),
    ciphers: [],
    extensions: [],
    sni: '',
    hasSni: false,
    alpn: [],
    supportedVersions: [],
    groups: [],
    pointFormats: [],
    sigAlgs: [],
    quicParamsOff: 0,
    quicParamsLen: 0,
    quicParamsExt: 0,
    emptyEtmWithoutAlpn: false,
    longPadding: false,
    esni: false,
  };
  let sawAlpn = false;
  i += 34; // version + random
  i += 1 + b[i]; // session id
  if (dtls) {
    if (i >= end) return null;
    i += 1 + b[i]; // cookie
  }
  if (i + 2 > end) return null;
  const cl = u16(b, i);
  i += 2;
  if (i + cl > end || cl & 1) return null;
  ch.ciphers = u16s(b, i, i + cl, ch.ciphers);
  i += cl;
  if (i >= end) return null;
  i += 1 + b[i]; // compression methods
  if (i + 2 > end) return ch; // no extensions (old clients)
  let extEnd = i + 2 + u16(b, i);
  if (extEnd > end) extEnd = end;
  i += 2;
  // the extensions that fit, counted first so that their id list is made at its size
  let extCount = 0;
  for (let j = i; j + 4 <= extEnd && extCount < MAX_LIST; extCount++) {
    j += 4 + u16(b, j + 2);
    if (j > extEnd) break;
  }
  if (extCount > 0) ch.extensions = new Array<number>(extCount);
  for (let x = 0; x < extCount; x++) {
    const id = u16(b, i);
    const el = u16(b, i + 2);
    const s = i + 4;
    const e = s + el;
    ch.extensions[x] = id;
    switch (id) {
      case 0: // server_name: list len, type, name len, name
        ch.hasSni = true;
        if (s + 5 <= e && b[s + 2] === 0) {
          const n = u16(b, s + 3);
          if (s + 5 + n <= e) ch.sni = latin1(b, s + 5, s + 5 + n).toLowerCase();
        }
        break;
      case 10: // supported_groups
        if (s + 2 <= e) {
          ch.groups = u16s(b, s + 2, Math.min(e, s + 2 + u16(b, s)), ch.groups);
        }
        break;
      case 11: // ec_point_formats
        if (s + 1 <= e) {
          const pe = Math.min(e, s + 1 + b[s]);
          if (ch.pointFormats.length === 0 && pe > s + 1) {
            const pf = new Array<number>(pe - s - 1);
            for (let k = s + 1; k < pe; k++) pf[k - s - 1] = b[k];
            ch.pointFormats = pf;
          } else for (let k = s + 1; k < pe; k++) ch.pointFormats.push(b[k]);
        }
        break;
      case 13: // signature_algorithms
        if (s + 2 <= e) {
          ch.sigAlgs = u16s(b, s + 2, Math.min(e, s + 2 + u16(b, s)), ch.sigAlgs);
        }
        break;
      case 16:
        sawAlpn = true;
        parseAlpn(b, s, e, ch.alpn);
        break;
      case 21: // padding (nDPI: over 500 bytes is an obfuscation sign)
        if (el > 500) ch.longPadding = true;
        break;
      case 22: // encrypt_then_mac (nDPI looks at the SNI and ALPN read so far)
        if (el === 0 && !sawAlpn && ch.sni !== '') ch.emptyEtmWithoutAlpn = true;
        break;
      case 43: // supported_versions (client form: 1-byte list length)
        if (s + 1 <= e) {
          ch.supportedVersions = u16s(b, s + 1, Math.min(e, s + 1 + b[s]), ch.supportedVersions, Infinity);
        }
        break;
      case 0xffce:
        if (readsEsni(b, s, e, end)) ch.esni = true;
        break;
      case 0x39:
      case 0xffa5:
        ch.quicParamsOff = s;
        ch.quicParamsLen = el;
        ch.quicParamsExt = id;
        break;
    }
    i = e;
  }
  return ch;
}

/** The ServerHello whose body is b[off, off+len), or null when it does not fit. */
export function parseServerHello(b: Uint8Array, off: number, len: number, dtls: boolean): ServerHello | null {
  const end = Math.min(off + len, b.length);
  let i = off;
  if (i + 35 > end) return null;
  const version = u16(b, i);
  i += 34;
  // TLS 1.3 drafts 21+ (0x7f15..) had no session id here; DTLS always has it
  if (dtls || version < 0x7f15 || version > 0x7fff) i += 1 + b[i];
  if (i + 3 > end) return null;
  const sh: ServerHello = { version, cipher: u16(b, i), extensions: [], selectedVersion: 0, alpn: '' };
  i += 3; // cipher + compression
  if (i + 2 > end) return sh;
  let extEnd = i + 2 + u16(b, i);
  if (extEnd > end) extEnd = end;
  i += 2;
  while (i + 4 <= extEnd && sh.extensions.length < MAX_LIST) {
    const id = u16(b, i);
    const el = u16(b, i + 2);
    const s = i + 4;
    const e = s + el;
    if (e > extEnd) break;
    sh.extensions.push(id);
    if (id === 43 && el >= 2) sh.selectedVersion = u16(b, s);
    else if (id === 16) {
      const names: string[] = [];
      parseAlpn(b, s, e, names);
      if (names.length) sh.alpn = names.join(',');
    }
    i = e;
  }
  return sh;
}

/** nDPI's names for TLS/DTLS versions ("TLSv1.2"), used in reports and tests. */
export function tlsVersionName(v: number): string {
  switch (v) {
    case 0x0300:
      return 'SSLv3';
    case 0x0301:
      return 'TLSv1';
    case 0x0302:
      return 'TLSv1.1';
    case 0x0303:
      return 'TLSv1.2';
    case 0x0304:
      return 'TLSv1.3';
    case 0xfeff:
      return 'DTLSv1.0';
    case 0xfefd:
      return 'DTLSv1.2';
    case 0xfefc:
      return 'DTLSv1.3';
  }
  if (v >> 8 === 0x7f) return 'TLSv1.3 (draft)';
  if (v === 0xfb1a) return 'TLSv1.3 (Fizz)';
  return `TLS (${v.toString(16).padStart(4, '0')})`;
}
