import { HOST_PATTERNS } from './host-patterns.js';

/**
 * Host name → service, with nDPI's domain-match rules:
 * - case-insensitive;
 * - a pattern matches the whole name, or a suffix of it that starts at a dot boundary
 *   (`google.com` matches `www.google.com`, not `notgoogle.com`);
 * - a pattern ending in '.' or '-' is not anchored at the end: it matches at the start of
 *   any label (`amazon.` matches `www.amazon.co.uk`, `fbcdn-` matches `x.fbcdn-video.net`);
 * - a pattern starting with '-' carries its own boundary and may start mid-label
 *   (`-mtalk.google.com` matches `alt1-mtalk.google.com`, `-speedtest.` matches
 *   `nyc-speedtest.example.net`);
 * - the best kind of match wins (see CLASS_EXACT …: the whole name, a label-start pattern at
 *   the start of the name, a suffix, a label-start pattern further in), then the longest
 *   pattern; on a tie the earlier table row.
 *
 * Both kinds are found through numeric hashes computed while scanning the name once, so a
 * lookup allocates nothing and costs time in proportion to the name, not to the list:
 * - suffix patterns by the hash of the text from a label start to the end of the name;
 * - label-start patterns by the hash of their first token (up to the first '.' or '-').
 * Every hash hit is confirmed by comparing the text.
 */

export interface Pattern {
  pattern: string;
  id: number;
  /** Insertion order: breaks ties between equally long matches (the earlier row wins). */
  order: number;
}

const B = 0x01000193; // FNV prime as the polynomial base

function isMiddle(c: number): boolean {
  return c === 46 || c === 45; // '.' '-'
}

/** Hash of s[from..to) read right to left (as suffixes are scanned). */
function hashBackward(s: string, from: number, to: number): number {
  let h = 0;
  for (let i = to - 1; i >= from; i--) h = (Math.imul(h, B) + s.charCodeAt(i)) | 0;
  return h;
}

/** Hash of s[from..to) read left to right (as tokens are scanned). */
function hashForward(s: string, from: number, to: number): number {
  let h = 0;
  for (let i = from; i < to; i++) h = (Math.imul(h, B) + s.charCodeAt(i)) | 0;
  return h;
}

/** End of the token starting at i (a leading '-' belongs to it). */
function tokenEnd(s: string, i: number): number {
  let j = i;
  if (s.charCodeAt(j) === 45) j++;
  while (j < s.length && !isMiddle(s.charCodeAt(j))) j++;
  return j;
}

/** Lower-case unless it already is (the common case: no new string). */
function lower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.toLowerCase();
  }
  return s;
}

/**
 * Match kinds, best first, as nDPI's Aho-Corasick ranks them (ahocorasick.c,
 * ac_automata_exact_match: whole string, then from the start, then at the end, then inside):
 * the whole name; a label-start pattern at the start of the name; a suffix at a dot
 * boundary; a label-start pattern further in.
 */
const CLASS_EXACT = 0;
const CLASS_START = 1;
const CLASS_SUFFIX = 2;
const CLASS_MIDDLE = 3;

/**
 * A set of host patterns, indexed for matching. Filled when made and not changed after
 * (the table's, below, is built once at load time and is immutable from then on).
 */
export class HostMatcher {
  /** Hash of a whole suffix pattern → patterns with that hash. */
  private readonly suffixes = new Map<number, Pattern[]>();
  /** Hash of the first token → label-start patterns (a leading '-' is part of the token). */
  private readonly prefixes = new Map<number, Pattern[]>();
  private count = 0;

  constructor(patterns: Iterable<readonly [string, number]>) {
    for (const [p, id] of patterns) this.add(p, id);
  }

  private add(pattern: string, id: number): void {
    const p = pattern.toLowerCase();
    if (p === '') return;
    if (isMiddle(p.charCodeAt(p.length - 1))) {
      push(this.prefixes, hashForward(p, 0, tokenEnd(p, 0)), { pattern: p, id, order: this.count++ });
    } else {
      const key = hashBackward(p, 0, p.length);
      if (this.suffixes.get(key)?.some((x) => x.pattern === p)) return; // the first row wins
      push(this.suffixes, key, { pattern: p, id, order: this.count++ });
    }
  }

  /** The best-matching pattern for a host name (see the module comment), or undefined. */
  best(name: string): Pattern | undefined {
    if (name === '') return undefined;
    const h = lower(name);
    let n = h.length;
    if (n > 1 && h.charCodeAt(n - 1) === 46) n--; // absolute DNS form: ignore the root dot
    let bestId = 0;
    let bestLen = 0;
    let bestOrder = 0;
    let bestClass = 9;
    let best: Pattern | undefined;

    // suffix patterns: hash from the right; at each label start the suffix h[i..n) is a
    // candidate, and a longer one (further left) replaces a shorter one
    let hash = 0;
    for (let i = n - 1; i >= 0; i--) {
      hash = (Math.imul(hash, B) + h.charCodeAt(i)) | 0;
      // candidates start at a label, or at a '-' that the pattern itself begins with
      if (i > 0 && h.charCodeAt(i - 1) !== 46 && h.charCodeAt(i) !== 45) continue;
      const list = this.suffixes.get(hash);
      if (list === undefined) continue;
      for (const p of list) {
        if (p.pattern.length === n - i && h.startsWith(p.pattern, i)) {
          bestId = p.id;
          bestLen = n - i;
          bestOrder = p.order;
          bestClass = i === 0 ? CLASS_EXACT : CLASS_SUFFIX;
          best = p;
          break;
        }
      }
    }

    // label-start patterns, when one could beat the suffix match
    if (bestClass !== CLASS_EXACT) {
      for (let i = 0; i < n; i++) {
        const labelStart = i === 0 || h.charCodeAt(i - 1) === 46;
        if (!labelStart && h.charCodeAt(i) !== 45) continue;
        const e = tokenEnd(h, i);
        if (e >= n) continue; // a label-start pattern needs its '.' or '-' after the token
        const list = this.prefixes.get(hashForward(h, i, e));
        if (list === undefined) continue;
        for (const p of list) {
          // a pattern that itself starts with '-' may begin mid-label; others only at a label start
          if (!labelStart && p.pattern.charCodeAt(0) !== 45) continue;
          const len = p.pattern.length;
          const cls = i === 0 ? CLASS_START : CLASS_MIDDLE;
          if (len > n - i || cls > bestClass) continue;
          if (cls === bestClass && (len < bestLen || (len === bestLen && bestId !== 0 && p.order > bestOrder))) continue;
          if (h.startsWith(p.pattern, i)) {
            bestId = p.id;
            bestLen = len;
            bestOrder = p.order;
            bestClass = cls;
            best = p;
          }
        }
      }
    }
    return best;
  }
}

function push(map: Map<number, Pattern[]>, key: number, p: Pattern): void {
  const l = map.get(key);
  if (l) l.push(p);
  else map.set(key, [p]);
}

/** nDPI's host table (host-patterns.ts), indexed once at load time. */
const TABLE = new HostMatcher(HOST_PATTERNS);

/** The service id of the best-matching pattern of nDPI's table for a host name, or 0. */
export function matchHost(name: string): number {
  return TABLE.best(name)?.id ?? 0;
}

/** The best-matching pattern of nDPI's table and its id, or undefined (for reports and tests). */
export function matchHostPattern(name: string): { pattern: string; id: number } | undefined {
  const p = TABLE.best(name);
  return p === undefined ? undefined : { pattern: p.pattern, id: p.id };
}
