import { isIPv6 } from 'node:net';
import type { AddrWords } from '../flow/flow.js';

/**
 * Longest-prefix match over IPv4 or IPv6 networks: a binary trie in typed arrays, one node
 * per prefix bit, so a lookup walks at most 32 (128) nodes whatever the number of networks.
 * Values are positive integers (nDPI protocol ids); 0 means "no network here".
 * Inserting the same network twice keeps the later value (as nDPI's Patricia tree does).
 */
export class AddressTrie {
  private left: Int32Array;
  private right: Int32Array;
  private value: Int32Array;
  /** Optional port per node (custom rules `ip:1.2.3.4:443@Name`): 0 = any port. */
  private port: Int32Array;
  private nodes = 1;
  size = 0;

  constructor(
    /** 32 for IPv4, 128 for IPv6. */
    readonly bits: 32 | 128,
    capacity = 1024,
  ) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.value = new Int32Array(capacity);
    this.port = new Int32Array(capacity);
  }

  /** Adds network `words`/`prefix` (IPv4: words[0] only) with `value`, for `port` (0 = any). */
  insert(words: readonly number[], prefix: number, value: number, port = 0): void {
    if (prefix < 0 || prefix > this.bits) throw new RangeError(`prefix /${prefix} out of range`);
    let n = 0;
    for (let i = 0; i < prefix; i++) {
      const bit = (words[i >>> 5] >>> (31 - (i & 31))) & 1;
      const next = bit === 0 ? this.left : this.right;
      let c = next[n];
      if (c === 0) {
        c = this.alloc();
        (bit === 0 ? this.left : this.right)[n] = c;
      }
      n = c;
    }
    if (this.value[n] === 0) this.size++;
    this.value[n] = value;
    this.port[n] = port;
  }

  /**
   * The value of the longest network holding the address, or 0. A network tied to a port
   * matches only that port (`port` of the flow's side being looked up).
   */
  lookup(words: readonly number[], port = 0): number {
    let n = 0;
    let best = this.match(0, port);
    const bits = this.bits;
    for (let i = 0; i < bits; i++) {
      const w = words[i >>> 5];
      n = ((w >>> (31 - (i & 31))) & 1) === 0 ? this.left[n] : this.right[n];
      if (n === 0) break;
      const v = this.match(n, port);
      if (v !== 0) best = v;
    }
    return best;
  }

  private match(n: number, port: number): number {
    const v = this.value[n];
    if (v === 0) return 0;
    const p = this.port[n];
    return p === 0 || p === port ? v : 0;
  }

  private alloc(): number {
    if (this.nodes === this.left.length) {
      const cap = this.left.length * 2;
      const grow = (a: Int32Array) => {
        const b = new Int32Array(cap);
        b.set(a);
        return b;
      };
      this.left = grow(this.left);
      this.right = grow(this.right);
      this.value = grow(this.value);
      this.port = grow(this.port);
    }
    return this.nodes++;
  }
}

/** Dotted quad → unsigned 32-bit integer, or undefined. */
export function parseIpv4(s: string): number | undefined {
  const p = s.split('.');
  if (p.length !== 4) return undefined;
  let v = 0;
  for (const t of p) {
    if (!/^\d{1,3}$/.test(t) || Number(t) > 255) return undefined;
    v = v * 256 + Number(t);
  }
  return v;
}

/** IPv6 text (RFC 4291 forms, embedded IPv4 allowed) → four 32-bit words, or undefined. */
export function parseIpv6(s: string): number[] | undefined {
  if (!isIPv6(s)) return undefined;
  let text = s;
  let tail: number[] = [];
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (m !== null) {
    const v4 = parseIpv4(m[2]);
    if (v4 === undefined) return undefined;
    tail = [v4 >>> 16, v4 & 0xffff];
    text = m[1].endsWith('::') ? m[1] : m[1].slice(0, -1);
  }
  const [a, b] = text.split('::');
  const head = a === '' ? [] : a.split(':');
  const rest = b === undefined || b === '' ? [] : b.split(':');
  const fill = b === undefined ? 0 : 8 - tail.length - head.length - rest.length;
  const g = [...head, ...new Array<string>(fill).fill('0'), ...rest].map((h) => parseInt(h, 16));
  g.push(...tail);
  if (g.length !== 8) return undefined;
  return [0, 1, 2, 3].map((i) => ((g[2 * i] << 16) | g[2 * i + 1]) >>> 0);
}
