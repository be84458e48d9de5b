import { HOST_PATTERNS } from './host-patterns.js';

/**
 * Host name → service, with nDPI's domain-match rules:
 * - case-insensitive;
 * - a pattern matches the whole name, or a suffix of it that starts at a dot boundary
 *   (`google.com` matches `www.google.com`, not `notgoogle.com`);
 * - a pattern ending in '.' or '-' is not anchored at the end: it matches at the start of
 *   any label (`amazon.` matches `www.amazon.co.uk`, `fbcdn-` matches `x.fbcdn-video.net`);
 *   one that also starts with '-' may start anywhere (`-speedtest.`);
 * - the most specific (longest) matching pattern wins; on a tie the earlier table row.
 *
 * Suffix patterns live in a trie keyed by labels from the right; label-start patterns in a
 * map keyed by their first token (the text up to the first '.' or '-'). A lookup walks the
 * name's labels once, so its cost grows with the name, not with the list.
 */

interface TrieNode {
  /** Service id of a pattern ending here, 0 if none. */
  id: number;
  len: number;
  children: Map<string, TrieNode> | null;
}

interface PrefixPattern {
  pattern: string;
  id: number;
}

const root: TrieNode = { id: 0, len: 0, children: null };
/** First token → label-start patterns (patterns starting with '-' are keyed with it). */
const prefixes = new Map<string, PrefixPattern[]>();

function isMiddle(c: string): boolean {
  return c === '.' || c === '-';
}

function firstToken(s: string, from: number): string {
  let i = from;
  if (s[i] === '-') i++;
  while (i < s.length && !isMiddle(s[i])) i++;
  return s.slice(from, i);
}

/** Adds one pattern (for tests and user lists); patterns of the table are loaded at start. */
export function addHostPattern(pattern: string, id: number): void {
  const p = pattern.toLowerCase();
  if (p === '') return;
  if (isMiddle(p[p.length - 1])) {
    const key = firstToken(p, 0);
    let list = prefixes.get(key);
    if (!list) prefixes.set(key, (list = []));
    list.push({ pattern: p, id });
    return;
  }
  const labels = p.split('.');
  let node = root;
  for (let i = labels.length - 1; i >= 0; i--) {
    node.children ??= new Map();
    let next = node.children.get(labels[i]);
    if (!next) node.children.set(labels[i], (next = { id: 0, len: 0, children: null }));
    node = next;
  }
  if (node.id === 0) {
    node.id = id;
    node.len = p.length;
  }
}

for (const [p, id] of HOST_PATTERNS) addHostPattern(p, id);

/** The service id of the best-matching pattern for a host name, or 0. */
export function matchHost(name: string): number {
  return matchHostPattern(name)?.id ?? 0;
}

/** The best-matching pattern and its id, or undefined. */
export function matchHostPattern(name: string): { pattern: string; id: number } | undefined {
  if (name === '') return undefined;
  let h = name.toLowerCase();
  if (h.length > 1 && h[h.length - 1] === '.') h = h.slice(0, -1); // absolute DNS form
  let bestId = 0;
  let bestLen = 0;
  let bestPattern = '';

  // suffix patterns: walk labels from the right
  let node: TrieNode | undefined = root;
  let end = h.length;
  while (node && node.children && end >= 0) {
    const start = h.lastIndexOf('.', end - 1) + 1;
    node = node.children.get(h.slice(start, end));
    if (!node) break;
    if (node.id !== 0 && node.len > bestLen) {
      bestId = node.id;
      bestLen = node.len;
      bestPattern = h.slice(start);
    }
    if (start === 0) break;
    end = start - 1;
  }

  // label-start patterns: try each label start, and each '-' for '-'-led patterns
  if (prefixes.size > 0) {
    for (let i = 0; i < h.length; i++) {
      const c = h[i];
      const labelStart = i === 0 || h[i - 1] === '.';
      if (!labelStart && c !== '-') continue;
      const list = prefixes.get(firstToken(h, i));
      if (!list) continue;
      for (const p of list) {
        // a pattern that itself starts with '-' may begin mid-label; others only at a label start
        if (!labelStart && p.pattern[0] !== '-') continue;
        if (p.pattern.length > bestLen && h.startsWith(p.pattern, i)) {
          bestId = p.id;
          bestLen = p.pattern.length;
          bestPattern = p.pattern;
        }
      }
    }
  }
  return bestId === 0 ? undefined : { pattern: bestPattern, id: bestId };
}
