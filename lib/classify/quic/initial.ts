/**
 * QUIC Initial packet protection (RFC 9001 §5, RFC 9369 §3.3–3.4): keys derived from the
 * client's Destination Connection ID with HKDF (SHA-256), header protection with
 * AES-128-ECB, payload with AES-128-GCM. Versions as nDPI decrypts them: 1, 2, the IETF
 * drafts from 23, mvfst and Google's Q050/T050/T051; the salt follows nDPI's choice. Only the client's Initial packets are
 * decrypted (the server's and later packets are of no use to classification).
 */
import { createDecipheriv } from 'node:crypto';
import { aes128EncryptBlock } from './aes.js';
import { hmacSha256Into } from '../digest.js';

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

function hexBytes(h: string): Buffer {
  return Buffer.from(h, 'hex');
}

const SALT_V1 = hexBytes('38762cf7f55934b34d179ae6a4c80cadccbb7f0a');
const SALT_V2 = hexBytes('0dede3def700a6db819381be6e269dcbf9bd2ed9');
const SALT_D29 = hexBytes('afbfec289993d24c9e9786f19c6111e04390a899');
const SALT_D23 = hexBytes('c3eef712c72ebb5a11a7d2432bb46365bef9f502');
const SALT_D21 = hexBytes('7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a');
const SALT_T050 = hexBytes('7ff579e5acd072915580304c43a2367c60488310');
const SALT_Q050 = hexBytes('504574efd066fe2f9d945cfcdbd3a7f0d3b56b45');
const SALT_T051 = hexBytes('7a4edef4e7ccee5fa4506c19124fc8ccda6e033d');

/** Forcing version negotiation (RFC 9000 §15): versions of the form 0x?a?a?a?a. */
export function isForcingVn(v: number): boolean {
  return (v & 0x0f0f0f0f) === 0x0a0a0a0a;
}

/**
 * nDPI's "draft number" of an IETF-style version (quic.c get_u8_quic_ver): the draft for
 * 0xff0000nn, 34 for v1 (and forcing-VN versions), 22 / 27 for mvfst, 100 for v2, 0
 * otherwise. It chooses the salt and labels.
 */
export function draftOf(v: number): number {
  if (v >>> 8 === 0xff0000) return v & 0xff;
  if (v === QUIC_V1) return 34;
  if (v === 0xfaceb001) return 22;
  if (v === 0xfaceb002 || v === 0xfaceb00e) return 27;
  if (isForcingVn(v)) return 34;
  if (v === QUIC_V2) return 100;
  return 0;
}

/** Versions whose Initial nDPI decrypts (quic.c is_version_supported, beyond gQUIC ≤ Q046). */
export function decryptableVersion(v: number): boolean {
  return v === 0x51303530 || v === 0x54303530 || v === 0x54303531 || v === 0xfaceb001 || v === 0xfaceb002 || v === 0xfaceb00e || draftOf(v) >= 23;
}

/**
 * The Initial salt of a version as nDPI picks it (quic.c quic_derive_initial_secrets):
 * Google's own for Q050/T050/T051, then by draft number: ≤ 22, ≤ 28, ≤ 32, ≤ 34 (v1), and
 * the v2 salt above; null for versions nDPI does not decrypt.
 */
export function initialSalt(version: number): Buffer | null {
  if (!decryptableVersion(version)) return null;
  if (version === 0x51303530) return SALT_Q050; // "Q050"
  if (version === 0x54303530) return SALT_T050; // "T050"
  if (version === 0x54303531) return SALT_T051; // "T051"
  const d = draftOf(version);
  if (d <= 22) return SALT_D21;
  if (d <= 28) return SALT_D23;
  if (d <= 32) return SALT_D29;
  if (d <= 34) return SALT_V1;
  return SALT_V2;
}

/** Initial long-header packet type bits of a version (v2 swapped them, RFC 9369 §3.2). */
export function initialTypeBits(version: number): number {
  return version === QUIC_V2 ? 1 : 0;
}

/**
 * Whether the version's transport parameters use varints (nDPI's
 * is_version_with_var_int_transport_params): IETF versions past draft 27, and T051; u16
 * fields (after a u16 total) otherwise.
 */
export function varintTransportParams(version: number): boolean {
  if (version === 0x54303531) return true;
  const ietf = version === QUIC_V1 || version === QUIC_V2 || version >>> 8 === 0xff0000 || version >>> 12 === 0xfaceb || isForcingVn(version);
  return ietf && draftOf(version) > 27;
}

/** The HkdfLabel of HKDF-Expand-Label with an empty context, plus Expand's block counter 1. */
function expandInfo(label: string, length: number): Buffer {
  const full = 'tls13 ' + label;
  const info = Buffer.alloc(2 + 1 + full.length + 1 + 1);
  info.writeUInt16BE(length, 0);
  info[2] = full.length;
  info.write(full, 3, 'latin1');
  info[3 + full.length] = 0; // context length
  info[4 + full.length] = 1; // HKDF-Expand block counter
  return info;
}

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, length ≤ 32 (one block). */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Buffer {
  return expandToBuffer(secret, expandInfo(label, length), length);
}

/** The labels' infos, built once (they depend on the label and length only). */
const INFO_CLIENT_IN = expandInfo('client in', 32);
const INFO_V1 = { key: expandInfo('quic key', 16), iv: expandInfo('quic iv', 12), hp: expandInfo('quic hp', 16) };
const INFO_V2 = { key: expandInfo('quicv2 key', 16), iv: expandInfo('quicv2 iv', 12), hp: expandInfo('quicv2 hp', 16) };

export interface InitialKeys {
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
}

/** HKDF intermediates (one derivation at a time). */
const prk = new Uint8Array(32);
const clientSecret = new Uint8Array(32);
const okm = new Uint8Array(32);

/** The first `length` (≤ 32: one block) bytes of HKDF-Expand(secret, info) as a new Buffer. */
function expandToBuffer(secret: Uint8Array, info: Uint8Array, length: number): Buffer {
  hmacSha256Into(secret, info, okm);
  const n = Math.min(length, 32);
  const out = Buffer.allocUnsafe(n);
  out.set(okm.subarray(0, n));
  return out;
}

/** The client's Initial keys for a version and Destination Connection ID, or null. */
export function clientInitialKeys(version: number, dcid: Uint8Array): InitialKeys | null {
  const salt = initialSalt(version);
  if (!salt) return null;
  // v1 labels for Google's versions and drafts up to v1, "quicv2" ones above (nDPI)
  const b0 = version >>> 24;
  const google = (b0 === 0x51 || b0 === 0x54) && ((version >>> 8) & 0xffff) === 0x3035;
  const infos = google || draftOf(version) <= 34 ? INFO_V1 : INFO_V2;
  hmacSha256Into(salt, dcid, prk); // HKDF-Extract
  hmacSha256Into(prk, INFO_CLIENT_IN, clientSecret); // "client in", 32 bytes: one block
  return {
    key: expandToBuffer(clientSecret, infos.key, 16),
    iv: expandToBuffer(clientSecret, infos.iv, 12),
    hp: expandToBuffer(clientSecret, infos.hp, 16),
  };
}

/** Size of the QUIC varint at i (1, 2, 4 or 8 bytes), 0 when it does not fit before end. */
export function varintSize(b: Uint8Array, i: number, end: number): number {
  if (i >= end) return 0;
  const n = 1 << (b[i] >> 6);
  return i + n > end ? 0 : n;
}

/** The QUIC varint at i (bounded by end; 0 when it does not fit: check varintSize). */
export function readVarint(b: Uint8Array, i: number, end: number): number {
  const n = varintSize(b, i, end);
  if (n === 0) return 0;
  let v = b[i] & 0x3f;
  for (let k = 1; k < n; k++) v = v * 256 + b[i + k];
  return v;
}

/** A parsed long-header packet. */
export interface LongHeader {
  version: number;
  /** Long packet type bits (0–3). */
  type: number;
  dcidOff: number;
  dcidLen: number;
  /** Offset of the (protected) packet number. */
  pnOff: number;
  /** End of this packet (start of a coalesced one). */
  end: number;
}

/** Parses the IETF long header at b[i]; null when it is not one or does not fit. */
export function parseLongHeader(b: Uint8Array, i: number, end: number): LongHeader | null {
  if (i + 7 > end) return null;
  const first = b[i];
  if ((first & 0x80) === 0) return null;
  const version = ((b[i + 1] << 24) | (b[i + 2] << 16) | (b[i + 3] << 8) | b[i + 4]) >>> 0;
  if (version === 0) return null; // version negotiation
  const dcidLen = b[i + 5];
  if (dcidLen > 20) return null;
  let p = i + 6 + dcidLen;
  if (p >= end) return null;
  const scidLen = b[p];
  if (scidLen > 20) return null;
  p += 1 + scidLen;
  const type = (first >> 4) & 3;
  const initial = type === initialTypeBits(version);
  const retry = type === (version === QUIC_V2 ? 0 : 3);
  if (retry) return { version, type, dcidOff: i + 6, dcidLen, pnOff: end, end };
  if (initial) {
    const tokLen = readVarint(b, p, end);
    if (!varintSize(b, p, end)) return null;
    p += varintSize(b, p, end) + tokLen;
  }
  const length = readVarint(b, p, end);
  if (!varintSize(b, p, end)) return null;
  p += varintSize(b, p, end);
  if (p + length > end || length < 20) return null;
  return { version, type, dcidOff: i + 6, dcidLen, pnOff: p, end: p + length };
}

/** The header-protection mask for a 16-byte sample (RFC 9001 §5.4.3): AES-128-ECB. */
export function headerMask(hp: Uint8Array, sample: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(16);
  aes128EncryptBlock(hp, sample, 0, out);
  return out;
}

const maskScratch = new Uint8Array(16);

/**
 * Removes header protection and decrypts the Initial packet at b[start] (header h) with
 * keys k. Returns the plaintext frames, or null when authentication fails.
 */
export function decryptInitial(b: Uint8Array, start: number, h: LongHeader, k: InitialKeys): Uint8Array | null {
  const sampleOff = h.pnOff + 4;
  if (sampleOff + 16 > h.end) return null;
  const mask = maskScratch;
  aes128EncryptBlock(k.hp, b, sampleOff, mask);
  const first = b[start] ^ (mask[0] & 0x0f);
  const pnLen = (first & 3) + 1;
  const hdrLen = h.pnOff + pnLen - start;
  const header = Buffer.from(b.subarray(start, start + hdrLen)); // a copy: unmask it
  header[0] = first;
  let pn = 0;
  for (let q = 0; q < pnLen; q++) {
    header[hdrLen - pnLen + q] ^= mask[1 + q];
    pn = pn * 256 + header[hdrLen - pnLen + q];
  }
  const nonce = Buffer.from(k.iv);
  for (let q = 0; q < 6; q++) nonce[11 - q] ^= Math.floor(pn / 2 ** (8 * q)) & 0xff;
  const ctStart = h.pnOff + pnLen;
  const tagStart = h.end - 16;
  if (tagStart < ctStart) return null;
  try {
    const gcm = createDecipheriv('aes-128-gcm', k.key, nonce);
    gcm.setAAD(header);
    gcm.setAuthTag(b.subarray(tagStart, h.end));
    const out = gcm.update(b.subarray(ctStart, tagStart));
    gcm.final();
    // a plain Uint8Array view, as every payload the dissectors read (see capture/reader.ts)
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch {
    return null;
  }
}

/** A version as nDPI prints it in "QUIC ver": V-1, V-2, Draft-29, Q046, T051, …. */
export function quicVersionName(v: number): string {
  if (v === QUIC_V1) return 'V-1';
  if (v === QUIC_V2) return 'V-2';
  if (v >>> 8 === 0xff0000) return `Draft-${v & 0xff}`;
  const b0 = v >>> 24;
  if ((b0 === 0x51 || b0 === 0x54) && ((v >>> 16) & 0xff) === 0x30) {
    return String.fromCharCode(b0, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  if (v === 0xfaceb001) return 'MVFST-22';
  if (v === 0xfaceb002) return 'MVFST-27';
  if (v >>> 8 === 0xfaceb0) return 'MVFST-EXP';
  return `0x${v.toString(16).padStart(8, '0')}`;
}
