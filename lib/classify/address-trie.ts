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
  /** Networks tied to a port (custom rules `ip:1.2.3.4:443@Name`): node * 65536 + port → value. */
  private readonly byPort = new Map<number, number>();
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
    if (port !== 0) {
      const k = n * 65536 + port;
      if (!this.byPort.has(k)) this.size++;
      this.byPort.set(k, value);
      return;
    }
    if (this.value[n] === 0) this.size++;
    this.value[n] = value;
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

  /** At node n: the network tied to `port` if there is one, else the one for any port. */
  private match(n: number, port: number): number {
    if (this.byPort.size !== 0 && port !== 0) {
      const v = this.byPort.get(n * 65536 + port);
      if (v !== undefined) return v;
    }
    return this.value[n];
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

/**
 * A network as rule files write it: `1.2.3.4[/BITS][:PORT]` (kind 'ip') or
 * `[2001:db8::1][/BITS][:PORT]` (kind 'ipv6'); 'hostname' for a host name in its place;
 * undefined when malformed. Port 0 = no port given.
 */
export function parseNetworkText(kind: 'ip' | 'ipv6' | string, value: string): { v6: boolean; words: number[]; bits: number; port: number } | 'hostname' | undefined {
  let addr: string;
  let rest: string;
  if (kind === 'ipv6') {
    const m = /^\[([^\]]+)\](.*)$/.exec(value);
    if (m === null) return /^[a-z0-9.-]+$/i.test(value) && /[a-z]/i.test(value) ? 'hostname' : undefined;
    addr = m[1];
    rest = m[2];
  } else {
    const m = /^([^/:]+)(.*)$/.exec(value);
    if (m === null) return undefined;
    addr = m[1];
    rest = m[2];
    if (parseIpv4(addr) === undefined) return /[a-z]/i.test(addr) ? 'hostname' : undefined;
  }
  const r = /^(?:\/(\d+))?(?::(\d+))?$/.exec(rest);
  if (r === null) return undefined;
  const v6 = kind === 'ipv6';
  const words = v6 ? parseIpv6(addr) : [parseIpv4(addr)!];
  if (words === undefined) return undefined;
  const bits = r[1] !== undefined ? Number(r[1]) : v6 ? 128 : 32;
  const port = r[2] !== undefined ? Number(r[2]) : 0;
  if (bits > (v6 ? 128 : 32) || port > 65535) return undefined;
  return { v6, words, bits, port };
}
