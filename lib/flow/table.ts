import type { PacketInfo } from '../decode/packet.js';
import type { Flow } from './flow.js';

/**
 * Open-addressing hash table (linear probing, backward-shift deletion) from a canonical
 * flow key to its Flow. Keys live in one Uint32Array, KEY_WORDS words per slot, so a
 * lookup is a hash and a few integer compares, with no string building per packet:
 *   [0] ipv6<<20 | proto<<12 | vlan   [1..4] low address   [5..8] high address
 *   [9] lowPort<<16 | highPort
 * "Low" is the endpoint (address, port) that compares smaller, so both directions of a
 * conversation share one key.
 */
const KEY_WORDS = 10;
const EMPTY = 0xffffffff; // word 0 of an empty slot (never a real key: bits above 21 unused)

export class FlowTable {
  private keys: Uint32Array;
  /** Each slot's key hash (Flow.keyHash): moving and rehashing entries reads no Flow object. */
  private hashes: Int32Array;
  private flows: (Flow | undefined)[];
  private mask: number;
  size = 0;
  /** Set by lookup(): whether the packet's source is the key's low endpoint. */
  srcIsLo = true;
  /** Scratch key of the current packet (kept until insert()). */
  private readonly k = new Uint32Array(KEY_WORDS);
  private hash = 0;
  /**
   * The flow the last lookup found: most packets belong to the flow of the packet before
   * (78 % on the corpus captures), and comparing the packet with that flow's endpoints is
   * cheaper than building, hashing and probing its key. Cleared when that flow is removed.
   * k and hash always hold this flow's key (it was found or inserted under them), so a
   * packet that matches it (a port reuse: the flow ends, a new one takes its key) can still
   * be inserted.
   */
  private last: Flow | undefined = undefined;
  /**
   * The empty slot where the last lookup's probe for its key ended (-1: none, or the table
   * changed since): insert() puts the key there without probing again.
   */
  private free = -1;

  /** Starts small (8 K slots, 330 KB) and doubles at half full: a capture of few flows never
   * pays for a big table, one of many flows rehashes a few times (amortised O(1) a flow). */
  constructor(initialCapacity = 1 << 12) {
    let cap = 1024;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.keys = new Uint32Array(cap * KEY_WORDS).fill(EMPTY);
    this.hashes = new Int32Array(cap);
    this.flows = new Array(cap);
    this.mask = cap - 1;
  }

  /**
   * Build the packet's canonical key into the scratch key and find its flow.
   * Returns undefined when absent; then insert() adds it under the same key.
   */
  lookup(p: PacketInfo): Flow | undefined {
    const s = p.src;
    const d = p.dst;
    // compare (address, port) of source and destination to pick the low endpoint
    let srcLo: boolean;
    let c = 0;
    for (let i = 0; i < 4 && c === 0; i++) c = s[i] === d[i] ? 0 : s[i] < d[i] ? -1 : 1;
    srcLo = c < 0 || (c === 0 && p.sport <= p.dport);
    this.srcIsLo = srcLo;
    this.free = -1;
    const f = this.last;
    if (f !== undefined && f.proto === p.proto && f.vlanId === p.vlanId && f.ipVersion === p.ipVersion && sameEndpoints(f, p)) return f;
    return (this.last = this.find(p, srcLo));
  }

  /** Build the packet's key into k (and its hash) and probe for it. */
  private find(p: PacketInfo, srcLo: boolean): Flow | undefined {
    const k = this.k;
    const s = p.src;
    const d = p.dst;
    const lo = srcLo ? s : d;
    const hi = srcLo ? d : s;
    k[0] = ((p.ipVersion === 6 ? 1 : 0) << 20) | (p.proto << 12) | (p.vlanId & 0xfff);
    k[1] = lo[0];
    k[2] = lo[1];
    k[3] = lo[2];
    k[4] = lo[3];
    k[5] = hi[0];
    k[6] = hi[1];
    k[7] = hi[2];
    k[8] = hi[3];
    k[9] = srcLo ? ((p.sport << 16) | p.dport) >>> 0 : ((p.dport << 16) | p.sport) >>> 0;
    const h = hashKey(k, 0);
    this.hash = h;
    const keys = this.keys;
    let slot = h & this.mask;
    for (;;) {
      const b = slot * KEY_WORDS;
      const w0 = keys[b];
      if (w0 === EMPTY) {
        this.free = slot;
        return undefined;
      }
      if (
        w0 === k[0] &&
        keys[b + 9] === k[9] &&
        keys[b + 1] === k[1] &&
        keys[b + 5] === k[5] &&
        keys[b + 2] === k[2] &&
        keys[b + 3] === k[3] &&
        keys[b + 4] === k[4] &&
        keys[b + 6] === k[6] &&
        keys[b + 7] === k[7] &&
        keys[b + 8] === k[8]
      ) {
        return this.flows[slot];
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Insert a flow under the key of the last lookup() (which returned undefined). */
  insert(flow: Flow): void {
    if ((this.size + 1) * 2 > this.mask + 1) {
      this.grow();
    }
    flow.keyHash = this.hash;
    const free = this.free;
    this.free = -1;
    if (free >= 0) this.put(free, this.k, 0, this.hash, flow);
    else this.place(this.k, 0, this.hash, flow);
    this.size++;
    this.last = flow;
  }

  /** Remove a flow by its stored key. */
  remove(flow: Flow): void {
    if (this.last === flow) this.last = undefined;
    this.free = -1;
    const keys = this.keys;
    const hashes = this.hashes;
    const mask = this.mask;
    let slot = this.findSlotOf(flow);
    if (slot < 0) return;
    // backward-shift deletion keeps probe chains intact without tombstones
    let next = (slot + 1) & mask;
    for (;;) {
      const nb = next * KEY_WORDS;
      if (keys[nb] === EMPTY) break;
      const home = hashes[next] & mask;
      // can the entry at `next` move into `slot`? (its home is not in (slot, next])
      const dist = (next - home) & mask;
      const gap = (next - slot) & mask;
      if (dist >= gap) {
        const sb = slot * KEY_WORDS;
        for (let i = 0; i < KEY_WORDS; i++) keys[sb + i] = keys[nb + i];
        hashes[slot] = hashes[next];
        this.flows[slot] = this.flows[next];
        slot = next;
      }
      next = (next + 1) & mask;
    }
    keys[slot * KEY_WORDS] = EMPTY;
    this.flows[slot] = undefined;
    this.size--;
  }

  private findSlotOf(flow: Flow): number {
    // flows are few per chain; find by identity starting at the key's home slot
    let slot = flow.keyHash & this.mask;
    for (;;) {
      const b = slot * KEY_WORDS;
      if (this.keys[b] === EMPTY) return -1;
      if (this.flows[slot] === flow) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Put the key at from[b..b+KEY_WORDS) (copied word by word: a subarray view per flow cost a typed array object) and its flow. */
  private place(from: Uint32Array, b: number, h: number, flow: Flow): void {
    const keys = this.keys;
    let slot = h & this.mask;
    while (keys[slot * KEY_WORDS] !== EMPTY) slot = (slot + 1) & this.mask;
    this.put(slot, from, b, h, flow);
  }

  /** Fill the empty `slot`. */
  private put(slot: number, from: Uint32Array, b: number, h: number, flow: Flow): void {
    const keys = this.keys;
    const sb = slot * KEY_WORDS;
    for (let i = 0; i < KEY_WORDS; i++) keys[sb + i] = from[b + i];
    this.hashes[slot] = h;
    this.flows[slot] = flow;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldHashes = this.hashes;
    const oldFlows = this.flows;
    const cap = (this.mask + 1) * 2;
    this.free = -1;
    this.keys = new Uint32Array(cap * KEY_WORDS).fill(EMPTY);
    this.hashes = new Int32Array(cap);
    this.flows = new Array(cap);
    this.mask = cap - 1;
    for (let s = 0; s < oldFlows.length; s++) {
      const f = oldFlows[s];
      if (f === undefined) continue;
      this.place(oldKeys, s * KEY_WORDS, oldHashes[s], f);
    }
  }
}

/**
 * Whether the packet's endpoints (address, port) are the flow's, either way round: then its
 * key is the flow's (with the same protocol, VLAN id and IP version).
 */
function sameEndpoints(f: Flow, p: PacketInfo): boolean {
  const s = p.src;
  const d = p.dst;
  const c = f.cli;
  const v = f.srv;
  if (p.sport === f.cliPort && p.dport === f.srvPort && s[0] === c[0] && d[0] === v[0] && s[1] === c[1] && s[2] === c[2] && s[3] === c[3] && d[1] === v[1] && d[2] === v[2] && d[3] === v[3]) return true;
  return p.sport === f.srvPort && p.dport === f.cliPort && s[0] === v[0] && d[0] === c[0] && s[1] === v[1] && s[2] === v[2] && s[3] === v[3] && d[1] === c[1] && d[2] === c[2] && d[3] === c[3];
}

/**
 * Per-process hash seed. The mixing below is invertible word by word, so with a known start
 * state a hostile capture can choose its ports to give thousands of flows one hash (every
 * lookup then walks one probe chain: quadratic time). An unknown start state prevents that.
 * Only the table's layout depends on it, never the output.
 */
const SEED = globalThis.crypto.getRandomValues(new Uint32Array(1))[0];

function hashKey(keys: Uint32Array, b: number): number {
  let h = (0x811c9dc5 ^ SEED) >>> 0;
  for (let i = 0; i < KEY_WORDS; i++) {
    h = Math.imul(h ^ keys[b + i], 0x01000193);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  h ^= h >>> 16;
  return h;
}
