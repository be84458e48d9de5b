/**
 * AES-128 encryption of one block (FIPS-197), for QUIC header protection (RFC 9001 §5.4.3):
 * the mask is AES-ECB of a 16-byte sample, one block per packet. A node:crypto cipher
 * object for that costs ~6 µs (key object, context); this table-driven version well under
 * one. Not constant-time — fine here: the keys are derived from a public connection ID.
 */

const SBOX = new Uint8Array(256);
/** Round tables: T0[x] = MixColumns column of SubBytes(x); T1..T3 are its byte rotations. */
const T0 = new Uint32Array(256);
const T1 = new Uint32Array(256);
const T2 = new Uint32Array(256);
const T3 = new Uint32Array(256);

function xtime(x: number): number {
  return ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff;
}

(function buildTables(): void {
  // walk GF(2^8)* with generator 3 (p) and its inverse (q): S(p) = affine(q)
  let p = 1;
  let q = 1;
  do {
    p = p ^ xtime(p);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    const r = (x: number, n: number) => ((x << n) | (x >> (8 - n))) & 0xff;
    SBOX[p] = q ^ r(q, 1) ^ r(q, 2) ^ r(q, 3) ^ r(q, 4) ^ 0x63;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let x = 0; x < 256; x++) {
    const s = SBOX[x];
    const s2 = xtime(s);
    const t = ((s2 << 24) | (s << 16) | (s << 8) | (s2 ^ s)) >>> 0;
    T0[x] = t;
    T1[x] = ((t >>> 8) | (t << 24)) >>> 0;
    T2[x] = ((t >>> 16) | (t << 16)) >>> 0;
    T3[x] = ((t >>> 24) | (t << 8)) >>> 0;
  }
})();

const RCON = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36];
/** Expanded key scratch (44 words). */
const W = new Uint32Array(44);

function word(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

/** Encrypts the block b[off, off+16) under the 16-byte key into out[0, 16). */
export function aes128EncryptBlock(key: Uint8Array, b: Uint8Array, off: number, out: Uint8Array): void {
  const w = W;
  for (let i = 0; i < 4; i++) w[i] = word(key, 4 * i);
  for (let i = 4; i < 44; i++) {
    let t = w[i - 1];
    if ((i & 3) === 0) {
      // SubWord(RotWord(t)) ^ Rcon
      t =
        ((SBOX[(t >>> 16) & 255] << 24) | (SBOX[(t >>> 8) & 255] << 16) | (SBOX[t & 255] << 8) | SBOX[t >>> 24]) ^
        (RCON[(i >> 2) - 1] << 24);
    }
    w[i] = (w[i - 4] ^ t) >>> 0;
  }
  let s0 = word(b, off) ^ w[0];
  let s1 = word(b, off + 4) ^ w[1];
  let s2 = word(b, off + 8) ^ w[2];
  let s3 = word(b, off + 12) ^ w[3];
  for (let r = 1; r < 10; r++) {
    const k = 4 * r;
    const t0 = T0[s0 >>> 24] ^ T1[(s1 >>> 16) & 255] ^ T2[(s2 >>> 8) & 255] ^ T3[s3 & 255] ^ w[k];
    const t1 = T0[s1 >>> 24] ^ T1[(s2 >>> 16) & 255] ^ T2[(s3 >>> 8) & 255] ^ T3[s0 & 255] ^ w[k + 1];
    const t2 = T0[s2 >>> 24] ^ T1[(s3 >>> 16) & 255] ^ T2[(s0 >>> 8) & 255] ^ T3[s1 & 255] ^ w[k + 2];
    const t3 = T0[s3 >>> 24] ^ T1[(s0 >>> 16) & 255] ^ T2[(s1 >>> 8) & 255] ^ T3[s2 & 255] ^ w[k + 3];
    s0 = t0 >>> 0;
    s1 = t1 >>> 0;
    s2 = t2 >>> 0;
    s3 = t3 >>> 0;
  }
  lastRound(s0, s1, s2, s3, w[40], out, 0);
  lastRound(s1, s2, s3, s0, w[41], out, 4);
  lastRound(s2, s3, s0, s1, w[42], out, 8);
  lastRound(s3, s0, s1, s2, w[43], out, 12);
}

/** One output column of the last round: SubBytes, ShiftRows, AddRoundKey (no MixColumns). */
function lastRound(a: number, b: number, c: number, d: number, k: number, out: Uint8Array, o: number): void {
  const v = ((SBOX[a >>> 24] << 24) | (SBOX[(b >>> 16) & 255] << 16) | (SBOX[(c >>> 8) & 255] << 8) | SBOX[d & 255]) ^ k;
  out[o] = v >>> 24;
  out[o + 1] = (v >>> 16) & 255;
  out[o + 2] = (v >>> 8) & 255;
  out[o + 3] = v & 255;
}
