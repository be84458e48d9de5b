/**
 * Local networks (the `--local-networks` CIDR list) and the address classes the `flow` API
 * needs: local, multicast, broadcast. Addresses are the Flow's integer words (IPv4 in word 0).
 */

/** ntopng-like defaults: private, loopback and link-local ranges of both families. */
export const DEFAULT_LOCAL_NETWORKS: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
];

interface Net4 {
  addr: number;
  mask: number;
  broadcast: number;
}
interface Net6 {
  words: Uint32Array;
  bits: number;
}

/** Thrown for a malformed CIDR (the CLI reports it as a usage error). */
export class NetworkSpecError extends Error {}

function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    v = v * 256 + o;
  }
  return v >>> 0;
}

/** Parses an IPv6 address (with optional embedded IPv4 tail) into 4 words. */
export function parseIPv6(s: string): Uint32Array | undefined {
  const groups: number[] = [];
  let head: string[];
  let tail: string[] = [];
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    head = s.slice(0, dbl) ? s.slice(0, dbl).split(':') : [];
    tail = s.slice(dbl + 2) ? s.slice(dbl + 2).split(':') : [];
  } else {
    head = s.split(':');
  }
  const toGroups = (parts: string[], out: number[]): boolean => {
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (v4 === undefined) return false;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return false;
        out.push(parseInt(p, 16));
      }
    }
    return true;
  };
  const h: number[] = [];
  const t: number[] = [];
  if (!toGroups(head, h) || !toGroups(tail, t)) return undefined;
  if (dbl >= 0) {
    if (h.length + t.length > 7) return undefined;
    groups.push(...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t);
  } else {
    if (h.length !== 8) return undefined;
    groups.push(...h);
  }
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) w[i] = ((groups[2 * i] << 16) | groups[2 * i + 1]) >>> 0;
  return w;
}

function prefixMask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** Membership tests against the user's local networks, plus multicast/broadcast classes. */
export class LocalNetworks {
  private readonly v4: Net4[] = [];
  private readonly v6: Net6[] = [];
  /** IPv4 networks flattened as (addr, mask, broadcast) triples: the lookups are per call. */
  private v4flat = new Float64Array(0);

  constructor(cidrs: readonly string[] = DEFAULT_LOCAL_NETWORKS) {
    for (const raw of cidrs) {
      const spec = raw.trim();
      if (!spec) continue;
      const slash = spec.indexOf('/');
      const addr = slash >= 0 ? spec.slice(0, slash) : spec;
      const bitsText = slash >= 0 ? spec.slice(slash + 1) : undefined;
      const v4 = parseIPv4(addr);
      if (v4 !== undefined) {
        const bits = bitsText === undefined ? 32 : Number(bitsText);
        if (!/^\d+$/.test(bitsText ?? '32') || bits > 32) throw new NetworkSpecError(`bad network '${raw}'`);
        const mask = prefixMask(bits);
        const base = (v4 & mask) >>> 0;
        this.v4.push({ addr: base, mask, broadcast: bits >= 31 ? -1 : (base | ~mask) >>> 0 });
        continue;
      }
      const v6 = parseIPv6(addr);
      const bits = bitsText === undefined ? 128 : Number(bitsText);
      if (!v6 || !/^\d+$/.test(bitsText ?? '128') || bits > 128) throw new NetworkSpecError(`bad network '${raw}'`);
      this.v6.push({ words: v6, bits });
    }
    this.v4flat = new Float64Array(this.v4.length * 3);
    this.v4.forEach((n, i) => this.v4flat.set([n.addr, n.mask, n.broadcast], i * 3));
  }

  /** True when the address lies inside one of the local networks. */
  isLocal(version: 4 | 6, w: ArrayLike<number>): boolean {
    if (version === 4) {
      const a = w[0];
      const t = this.v4flat;
      for (let i = 0; i < t.length; i += 3) if (((a & t[i + 1]) >>> 0) === t[i]) return true;
      return false;
    }
    for (let i = 0; i < this.v6.length; i++) if (match6(w, this.v6[i])) return true;
    return false;
  }

  /**
   * Broadcast: 255.255.255.255, 0.0.0.0, the broadcast address of a configured IPv4 local
   * network, or x.x.x.255 inside a local network (the broadcast of the usual /24 LAN subnet,
   * which the configured, wider private ranges do not reveal). IPv6 has no broadcast; its
   * unspecified address :: is treated like 0.0.0.0.
   */
  isBroadcast(version: 4 | 6, w: ArrayLike<number>): boolean {
    if (version !== 4) return (w[0] | w[1] | w[2] | w[3]) === 0;
    const a = w[0];
    if (a === 0xffffffff || a === 0) return true;
    if ((a & 0xff) !== 0xff && !this.isNetBroadcast(a)) return false;
    return this.isLocal(4, w);
  }

  private isNetBroadcast(a: number): boolean {
    const t = this.v4flat;
    for (let i = 0; i < t.length; i += 3) if (t[i + 2] === a) return true;
    return false;
  }
}

function match6(w: ArrayLike<number>, n: Net6): boolean {
  let bits = n.bits;
  for (let i = 0; i < 4 && bits > 0; i++) {
    const m = prefixMask(Math.min(bits, 32));
    if (((w[i] & m) >>> 0) !== ((n.words[i] & m) >>> 0)) return false;
    bits -= 32;
  }
  return true;
}

/** Multicast: 224.0.0.0/4 or ff00::/8. */
export function isMulticast(version: 4 | 6, w: ArrayLike<number>): boolean {
  return version === 4 ? w[0] >>> 28 === 0xe : w[0] >>> 24 === 0xff;
}

/** An address as text (dotted quad or IPv6) as (version, words); undefined when not an address. */
export function parseAddress(s: string): { version: 4 | 6; words: ArrayLike<number> } | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { version: 4, words: [v4] };
  const v6 = s.includes(':') ? parseIPv6(s) : undefined;
  return v6 ? { version: 6, words: v6 } : undefined;
}
