/**
 * Fuzzing inside QUIC's encryption. A client Initial is decrypted with the keys anyone can
 * derive from its Destination Connection ID, its frames are damaged (CRYPTO offsets and
 * lengths, frame types, the ClientHello's bytes and length, CRYPTO data split out of order
 * or overlapping), then it is encrypted and header-protected again. Byte damage to the
 * packet as sent only fails authentication; this damage reaches the frame walker, the
 * CRYPTO reassembly and the ClientHello parser behind the decryption.
 */
import { aes128EncryptBlock } from '../../lib/classify/quic/aes.js';
import { clientInitialKeys, decryptInitial, initialTypeBits, parseLongHeader, readVarint, varintSize } from '../../lib/classify/quic/initial.js';
import { protectLong, type InitialKeys } from '../support/quic.js';
import type { Rng } from './rng.js';

/** Where the first CRYPTO frame of the plaintext is: its fields' offsets and widths. */
interface CryptoFrame {
  at: number;
  offOff: number;
  offWidth: number;
  lenOff: number;
  lenWidth: number;
  data: number;
  len: number;
}

function firstCrypto(p: Uint8Array): CryptoFrame | null {
  let i = 0;
  while (i < p.length && (p[i] === 0x00 || p[i] === 0x01)) i++; // PADDING, PING
  if (i >= p.length || p[i] !== 0x06) return null;
  const at = i;
  const offOff = i + 1;
  const offWidth = varintSize(p, offOff, p.length);
  if (!offWidth) return null;
  const lenOff = offOff + offWidth;
  const len = readVarint(p, lenOff, p.length);
  const lenWidth = varintSize(p, lenOff, p.length);
  if (!lenWidth) return null;
  const data = lenOff + lenWidth;
  if (data + len > p.length) return null;
  return { at, offOff, offWidth, lenOff, lenWidth, data, len };
}

const MAX_OF_WIDTH: Record<number, number> = { 1: 0x3f, 2: 0x3fff, 4: 0x3fffffff, 8: 2 ** 53 - 1 };

/**
 * Writes `v` in place into the varint of `width` bytes at `off` (clamped to what that width
 * holds; when that is the value already there, another one: the field always changes).
 */
function putVarint(p: Uint8Array, off: number, width: number, v: number): void {
  const max = MAX_OF_WIDTH[width];
  const cur = readVarint(p, off, p.length);
  v = Math.min(v, max);
  if (v === cur) v = cur === max ? 0 : max;
  const prefix = width === 1 ? 0 : width === 2 ? 0x40 : width === 4 ? 0x80 : 0xc0;
  for (let k = width - 1; k >= 0; k--) {
    p[off + k] = v & 0xff;
    v = Math.floor(v / 256);
  }
  p[off] = (p[off] & 0x3f) | prefix;
}

/** A CRYPTO frame with 2-byte (or 4-byte) varints, as bytes. */
function cryptoFrame(offset: number, data: Uint8Array): Uint8Array {
  const w = (v: number) => (v < 0x4000 ? [0x40 | (v >> 8), v & 0xff] : [0x80 | (v >>> 24), (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
  const head = [0x06, ...w(offset), ...w(data.length)];
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

/** Rewrites the frames region with `frames`, the rest PADDING; false when they do not fit. */
function rewrite(p: Uint8Array, start: number, frames: Uint8Array[]): boolean {
  const total = frames.reduce((n, f) => n + f.length, 0);
  if (start + total > p.length) return false;
  let o = start;
  for (const f of frames) {
    p.set(f, o);
    o += f.length;
  }
  p.fill(0, o);
  return true;
}

/** Damages the frames of a plaintext Initial; the name of what was done, or null. */
function damage(p: Uint8Array, rng: Rng): string | null {
  const c = firstCrypto(p);
  if (c === null) {
    for (let k = 1 + rng.int(8); k > 0; k--) p[rng.int(p.length)] ^= 1 << rng.int(8);
    return 'bytes';
  }
  const data = p.slice(c.data, c.data + c.len);
  switch (rng.int(7)) {
    case 0:
      putVarint(p, c.offOff, c.offWidth, rng.pick([MAX_OF_WIDTH[c.offWidth], 1, c.len, 65536]));
      return 'crypto-offset';
    case 1:
      putVarint(p, c.lenOff, c.lenWidth, rng.pick([0, MAX_OF_WIDTH[c.lenWidth], c.len + 1]));
      return 'crypto-length';
    case 2:
      for (let k = 1 + rng.int(8); k > 0; k--) p[c.data + rng.int(Math.max(1, c.len))] ^= 1 << rng.int(8);
      return 'hello-bytes';
    case 3: {
      // the handshake message's own u24 length (type, then length)
      if (c.len < 4) return null;
      const v = rng.pick([0, 1, 0xffffff, c.len, c.len - 3, c.len * 2]) & 0xffffff;
      p[c.data + 1] = v >> 16;
      p[c.data + 2] = (v >> 8) & 0xff;
      p[c.data + 3] = v & 0xff;
      return 'hello-length';
    }
    case 4:
      p[c.at] = rng.pick([0x08, 0x0f, 0x1c, 0x1e, 0x30, 0x40, 0xff]);
      return 'frame-type';
    case 5: {
      // the ClientHello in two CRYPTO frames, the second half first
      if (c.len < 2) return null;
      const k = 1 + rng.int(c.len - 1);
      const ok = rewrite(p, c.at, [cryptoFrame(k, data.subarray(k)), cryptoFrame(0, data.subarray(0, k))]);
      return ok ? 'split-reversed' : null;
    }
    default: {
      // overlapping frames: [0, k+n) then [k, len), the overlap once with other bytes
      if (c.len < 4) return null;
      const k = 1 + rng.int(c.len - 2);
      const n = Math.min(c.len - k, 1 + rng.int(32));
      const first = data.slice(0, k + n);
      if (rng.chance(0.5)) for (let q = k; q < k + n; q++) first[q] ^= 0x5a;
      const ok = rewrite(p, c.at, [cryptoFrame(0, first), cryptoFrame(k, data.subarray(k))]);
      return ok ? 'overlap' : null;
    }
  }
}

/** Whether b[p] starts a client Initial that its DCID's keys decrypt. */
export function isClientInitial(b: Uint8Array, p: number): boolean {
  const h = parseLongHeader(b, p, b.length);
  if (h === null || h.type !== initialTypeBits(h.version)) return false;
  const keys = clientInitialKeys(h.version, b.subarray(h.dcidOff, h.dcidOff + h.dcidLen));
  return keys !== null && decryptInitial(b, p, h, keys) !== null;
}

/**
 * Damages the client Initial at b[p] inside its encryption, in place (same length).
 * False when there is none there (not a long header, no known version, not decryptable).
 */
export function mutateQuicPlaintext(b: Uint8Array, p: number, rng: Rng, recipe: string[]): boolean {
  const h = parseLongHeader(b, p, b.length);
  if (h === null || h.type !== initialTypeBits(h.version)) return false;
  const keys = clientInitialKeys(h.version, b.subarray(h.dcidOff, h.dcidOff + h.dcidLen));
  if (keys === null) return false;
  const plain = decryptInitial(b, p, h, keys);
  if (plain === null) return false;
  // the unprotected header and packet number, to protect the damaged frames again
  const mask = new Uint8Array(16);
  aes128EncryptBlock(keys.hp, b, h.pnOff + 4, mask);
  const first = b[p] ^ (mask[0] & 0x0f);
  const pnLen = (first & 3) + 1;
  const header = b.slice(p, h.pnOff + pnLen);
  header[0] = first;
  let pn = 0;
  for (let q = 0; q < pnLen; q++) {
    header[header.length - pnLen + q] ^= mask[1 + q];
    pn = pn * 256 + header[header.length - pnLen + q];
  }
  const what = damage(plain, rng);
  if (what === null) return false;
  const out = protectLong(header, pnLen, pn, plain, keys as unknown as InitialKeys);
  if (p + out.length > b.length) return false;
  b.set(out, p);
  recipe.push(`quic:plain-${what}`);
  return true;
}
