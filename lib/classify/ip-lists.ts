import type { Flow } from '../flow/flow.js';
import type { AddressTrie } from './address-trie.js';
import { IPV4_IDS, IPV4_STARTS, IPV6_IDS, IPV6_STARTS } from './ip-lists-data.js';

/**
 * Address lists: network → nDPI protocol id. nDPI's own lists come flattened at generation
 * time into sorted segments (`ip-lists-data.ts`: the longest-prefix match is resolved once,
 * so a lookup is one binary search: O(log segments), nothing built at start-up but two typed
 * arrays). The `ip:`/`ipv6:` rules of a custom protocols file (few, possibly tied to a port)
 * are an AddressTrie consulted first.
 *
 * A flow's protocol by address is looked up the way nDPI does: the server's address (with
 * the server port, for rules tied to a port) first, then the client's.
 */
export class IpLists {
  private readonly v4Start: Uint32Array;
  private readonly v4Id: Uint16Array;
  private readonly v6Start: Uint32Array;
  private readonly v6Id: Uint16Array;

  constructor(
    /** Custom rules (IPv4, IPv6), consulted before nDPI's lists. */
    private readonly custom?: { v4: AddressTrie; v6: AddressTrie },
  ) {
    this.v4Start = u32(IPV4_STARTS);
    this.v4Id = u16(IPV4_IDS);
    this.v6Start = u32(IPV6_STARTS);
    this.v6Id = u16(IPV6_IDS);
  }

  /** The protocol id of the longest network holding the address (0 when none). */
  lookup(version: 4 | 6, words: readonly number[], port = 0): number {
    if (this.custom !== undefined) {
      const c = (version === 4 ? this.custom.v4 : this.custom.v6).lookup(words, port);
      if (c !== 0) return c;
    }
    return version === 4 ? this.lookup4(words[0]) : this.lookup6(words);
  }

  /** nDPI's protocol by IP for a flow: server side first, then client side (0 when none). */
  forFlow(flow: Flow): number {
    const v = flow.ipVersion;
    const s = this.lookup(v, flow.srv, flow.srvPort);
    return s !== 0 ? s : this.lookup(v, flow.cli, flow.cliPort);
  }

  private lookup4(a: number): number {
    const st = this.v4Start;
    // last segment whose start is <= a (segment 0 starts at 0)
    let lo = 0;
    let hi = st.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (st[mid] <= a) lo = mid;
      else hi = mid - 1;
    }
    return this.v4Id[lo];
  }

  private lookup6(w: readonly number[]): number {
    const st = this.v6Start;
    let lo = 0;
    let hi = this.v6Id.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cmp6(st, mid * 4, w) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return this.v6Id[lo];
  }
}

/** Compares the segment start at st[o..o+4) with address w: <0, 0, >0. */
function cmp6(st: Uint32Array, o: number, w: readonly number[]): number {
  for (let k = 0; k < 4; k++) {
    const a = st[o + k];
    const b = w[k] >>> 0;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/** Little-endian base64 (whitespace ignored) → bytes in a fresh, aligned buffer. */
function bytesOf(b64: string): Uint8Array {
  const b = Buffer.from(b64, 'base64');
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}

/** Little-endian base64 → unsigned 32-bit integers. */
function u32(b64: string): Uint32Array {
  const b = bytesOf(b64);
  if (LITTLE_ENDIAN) return new Uint32Array(b.buffer, 0, b.length >>> 2);
  const v = new DataView(b.buffer);
  return Uint32Array.from({ length: b.length >>> 2 }, (_, i) => v.getUint32(i * 4, true));
}

/** Little-endian base64 → unsigned 16-bit integers. */
function u16(b64: string): Uint16Array {
  const b = bytesOf(b64);
  if (LITTLE_ENDIAN) return new Uint16Array(b.buffer, 0, b.length >>> 1);
  const v = new DataView(b.buffer);
  return Uint16Array.from({ length: b.length >>> 1 }, (_, i) => v.getUint16(i * 2, true));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
