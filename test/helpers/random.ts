/**
 * Deterministic pseudo-random numbers for the robustness tests: a seed gives the same
 * inputs on every run, so a failure reproduces.
 */

/** xorshift32 (Marsaglia): successive unsigned 32-bit values; a seed of 0 counts as 1. */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** The xorshift32 sequence as fractions in [0, 1). */
export function unitRandom(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
}

/** n pseudo-random bytes: the low bytes of the xorshift32 sequence. */
export function randomBytes(n: number, seed: number): Uint8Array {
  const next = xorshift32(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = next() & 0xff;
  return b;
}

/** The C library's LCG (×1103515245 + 12345, 31-bit state): successive states. */
export function lcg31(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff);
}
