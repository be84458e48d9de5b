/**
 * Hash-flooding inputs for the flow table: IPv6/UDP flows whose keys all hash alike under
 * the table's unseeded hash (lib/flow/table.ts before it took a per-process seed). The
 * hash is invertible word by word, so the last key word (the two ports) can be solved for
 * any prefix: every flow lands on the same probe chain. Used by the regression test and
 * by docs/ROBUSTNESS.md's measurement.
 */
const P = 0x01000193;
const M = 0x5bd1e995;

function inverse(x: number): number {
  let inv = x;
  for (let i = 0; i < 5; i++) inv = Math.imul(inv, 2 - Math.imul(x, inv));
  return inv >>> 0;
}

function unxorshift(y: number, s: number): number {
  let x = y >>> 0;
  for (let i = 0; i < 32; i += s) x = (y ^ (x >>> s)) >>> 0;
  return x;
}

/** The table's hash with seed 0 (its shape before seeding). */
export function unseededHash(k: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 10; i++) {
    h = Math.imul(h ^ k[i], P);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), M);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface CollidingFlow {
  /** IPv6 source (the low endpoint) as four words; destination is 2001:db8:ffff::1. */
  src: [number, number, number, number];
  sport: number;
  dport: number;
}

export const COLLIDE_DST: [number, number, number, number] = [0x20010db8, 0xffff0000, 0, 1];

/** `n` distinct UDP/IPv6 flows whose canonical keys all have unseeded hash `target`. */
export function collidingFlows(n: number, target = 0x2545f491): CollidingFlow[] {
  const pInv = inverse(P);
  const mInv = inverse(M);
  // undo the final mix, then the last word's xorshift and multiply
  const beforeMix = unxorshift(Math.imul(unxorshift(target, 16), mInv) >>> 0, 13);
  const x = Math.imul(unxorshift(beforeMix, 15), pInv) >>> 0;
  const out: CollidingFlow[] = [];
  const k = new Uint32Array(10);
  for (let j = 0; j < n; j++) {
    const src: [number, number, number, number] = [0x20010db8, 0, 0, j + 1];
    k[0] = (1 << 20) | (17 << 12);
    k.set(src, 1);
    k.set(COLLIDE_DST, 5);
    let h = 0x811c9dc5;
    for (let i = 0; i < 9; i++) {
      h = Math.imul(h ^ k[i], P);
      h ^= h >>> 15;
    }
    const k9 = (x ^ h) >>> 0;
    out.push({ src, sport: k9 >>> 16, dport: k9 & 0xffff });
  }
  return out;
}

/** An Ethernet/IPv6/UDP frame of one such flow (8 payload bytes). */
export function collidingFrame(f: CollidingFlow): Uint8Array {
  const b = new Uint8Array(14 + 40 + 8 + 8);
  b.fill(2, 0, 12);
  b[12] = 0x86;
  b[13] = 0xdd;
  b[14] = 0x60;
  b[18] = 0;
  b[19] = 16; // payload length
  b[20] = 17;
  b[21] = 64;
  const put = (p: number, w: number) => {
    b[p] = w >>> 24;
    b[p + 1] = (w >>> 16) & 255;
    b[p + 2] = (w >>> 8) & 255;
    b[p + 3] = w & 255;
  };
  for (let i = 0; i < 4; i++) put(22 + 4 * i, f.src[i]);
  for (let i = 0; i < 4; i++) put(38 + 4 * i, COLLIDE_DST[i]);
  b[54] = f.sport >>> 8;
  b[55] = f.sport & 255;
  b[56] = f.dport >>> 8;
  b[57] = f.dport & 255;
  b[59] = 16;
  b.fill(0x5a, 62);
  return b;
}
