/**
 * Resource limits that guard against hostile input, and the counters that report each
 * limit when it is hit. Every limit is an option of the stage it guards: the capture,
 * decode and flow limits of theirs, the dissector limits (DissectLimits) of the classifier,
 * which hands them to the dissectors in its per-run context (lib/classify/context.ts).
 * Every hit is counted by name, per run, and reported in the result's `warnings` (README
 * "Limits and bad input", docs/ROBUSTNESS.md). Nothing here is mutable module state.
 */

import { defaultMaxMemory } from './flow/memory.js';

/** Every limit, with its default. */
export interface Limits {
  /** Largest captured frame (bytes); a longer record stops reading with an error. */
  maxFrame: number;
  /** Fragment reassembly: incomplete datagrams held, their bytes, seconds before one is dropped. */
  fragMaxDatagrams: number;
  fragMaxBytes: number;
  fragTimeoutSec: number;
  /** TCP reassembly: bytes of each direction kept for the dissectors, and in all flows together. */
  tcpStreamBytes: number;
  tcpTotalBytes: number;
  /**
   * Concurrent flows (Infinity: unbounded); the longest-idle flow ends first. A live flow
   * costs about 1.6 KB of heap: a million stays well inside Node's default heap, where an
   * unbounded table would crash with "heap out of memory" on a capture of tiny flows.
   */
  maxFlows: number;
  /** Packets per flow the dissectors see. */
  maxPackets: number;
  /** DNS names: length, and compression pointers followed per name. */
  dnsNameLength: number;
  dnsCompressionHops: number;
  /** A TLS handshake message (and a QUIC Initial's CRYPTO stream) reassembled, bytes. */
  tlsHandshakeBytes: number;
  quicCryptoBytes: number;
  /** Lua: instructions per flow and check, memory per Lua state (bytes). */
  luaInstructions: number;
  luaMemoryBytes: number;
  /**
   * The run's memory budget, bytes (lib/flow/memory.ts): near it the longest-idle flows end
   * (reason `memory`), and when that is not enough the run stops with what it has. Default:
   * a quarter of the machine's memory, at most 3/4 of V8's heap limit (defaultMaxMemory).
   */
  maxMemory: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFrame: 262144,
  fragMaxDatagrams: 1024,
  fragMaxBytes: 16 * 1024 * 1024,
  fragTimeoutSec: 30,
  tcpStreamBytes: 64 * 1024,
  tcpTotalBytes: 256 * 1024 * 1024,
  maxFlows: 1_000_000,
  maxPackets: 32,
  dnsNameLength: 255,
  dnsCompressionHops: 16,
  tlsHandshakeBytes: 64 * 1024,
  quicCryptoBytes: 64 * 1024,
  luaInstructions: 10_000_000,
  luaMemoryBytes: 64 * 1024 * 1024,
  maxMemory: defaultMaxMemory(),
});

/** The limits the dissectors read (from the classifier's per-run context). */
export type DissectLimits = Readonly<Pick<Limits, 'dnsNameLength' | 'dnsCompressionHops' | 'tlsHandshakeBytes' | 'quicCryptoBytes'>>;

/** The dissector limits of `l` (the defaults for those it leaves out). */
export function dissectLimits(l: Partial<Limits> = {}): DissectLimits {
  return Object.freeze({
    dnsNameLength: l.dnsNameLength ?? DEFAULT_LIMITS.dnsNameLength,
    dnsCompressionHops: l.dnsCompressionHops ?? DEFAULT_LIMITS.dnsCompressionHops,
    tlsHandshakeBytes: l.tlsHandshakeBytes ?? DEFAULT_LIMITS.tlsHandshakeBytes,
    quicCryptoBytes: l.quicCryptoBytes ?? DEFAULT_LIMITS.quicCryptoBytes,
  });
}

/** Stable names of the limits as counted and reported. */
export type LimitName =
  | 'frame-size'
  | 'fragment-datagrams-or-bytes'
  | 'fragment-timeout'
  | 'tcp-stream-bytes'
  | 'tcp-out-of-order-segments'
  | 'tcp-total-bytes'
  | 'max-flows'
  | 'dns-name-length'
  | 'dns-compression-hops'
  | 'tls-handshake-bytes'
  | 'quic-crypto-bytes'
  | 'lua-instructions'
  | 'lua-memory'
  | 'lua-time'
  | 'memory'
  | 'metadata-length';

/** Hits per limit for one run. */
export class LimitHits {
  readonly counts = new Map<LimitName, number>();
  add(name: LimitName, n = 1): void {
    if (n > 0) this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }
  /** Sorted by name, as a plain record (the report's `limits`). */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of [...this.counts.keys()].sort()) out[k] = this.counts.get(k)!;
    return out;
  }
}

/** What each hit means, for the warning line. */
export const LIMIT_TEXT: Record<LimitName, string> = {
  'frame-size': 'frames longer than the frame-size limit',
  'fragment-datagrams-or-bytes': 'fragmented datagrams dropped: too many held, or too many bytes (--frag-max-datagrams, --frag-max-bytes)',
  'fragment-timeout': 'fragmented datagrams never completed within --frag-timeout',
  'tcp-stream-bytes': 'TCP directions longer than the bytes kept for the dissectors (--tcp-stream-bytes); the rest is counted, not inspected',
  'tcp-out-of-order-segments': 'TCP segments dropped: too many out-of-order segments waiting for a hole',
  'tcp-total-bytes': 'TCP segments not reassembled: all flows together held --tcp-total-bytes',
  'max-flows': 'flows ended early because the flow table was full (--max-flows)',
  'dns-name-length': 'DNS names longer than the name limit (not decoded)',
  'dns-compression-hops': 'DNS names with more compression pointers than the hop limit (not decoded)',
  'tls-handshake-bytes': 'TLS handshake messages larger than --tls-handshake-bytes (not parsed)',
  'quic-crypto-bytes': 'QUIC CRYPTO data beyond --quic-crypto-bytes (not reassembled)',
  'lua-instructions': 'check runs stopped by the Lua instruction budget (--lua-budget)',
  'lua-memory': 'check runs stopped by the Lua memory cap (--lua-memory)',
  'lua-time': 'check runs stopped by the Lua time limit (--lua-time)',
  memory: 'flows ended early (end reason memory): the memory budget was near (--max-memory)',
  'metadata-length': 'metadata strings (URLs, headers, names) cut at 4096 characters (marked truncated)',
};

/** One warning line per limit hit. */
export function limitWarnings(h: Record<string, number>): string[] {
  return Object.entries(h).map(([k, n]) => `limit ${k}: ${n} ${LIMIT_TEXT[k as LimitName] ?? ''}`.trimEnd());
}

/** Command-line flags of the limits that have no other option (--max-flows, --max-packets, --lua-budget and --lua-memory exist already). */
const FLAGS: [flag: string, key: keyof Limits, unit: string][] = [
  ['max-frame', 'maxFrame', 'largest frame accepted, bytes'],
  ['frag-timeout', 'fragTimeoutSec', 'seconds of packet time an incomplete fragmented datagram is kept'],
  ['frag-max-datagrams', 'fragMaxDatagrams', 'incomplete fragmented datagrams held at once'],
  ['frag-max-bytes', 'fragMaxBytes', 'bytes held for fragment reassembly in total'],
  ['tcp-stream-bytes', 'tcpStreamBytes', 'bytes of each TCP direction reassembled for the dissectors'],
  ['tcp-total-bytes', 'tcpTotalBytes', 'bytes all TCP streams may hold together'],
  ['dns-name-length', 'dnsNameLength', 'longest DNS name decoded'],
  ['dns-hops', 'dnsCompressionHops', 'DNS compression pointers followed per name'],
  ['tls-handshake-bytes', 'tlsHandshakeBytes', 'largest TLS handshake message reassembled'],
  ['quic-crypto-bytes', 'quicCryptoBytes', 'QUIC CRYPTO stream bytes reassembled'],
];

/** yargs option definitions of the limit flags (`.options(LIMIT_CLI_OPTIONS)`). */
export const LIMIT_CLI_OPTIONS: Record<string, { type: 'number'; describe: string }> = Object.fromEntries(
  FLAGS.map(([flag, key, what]) => [flag, { type: 'number' as const, describe: `limit: ${what} [default: ${DEFAULT_LIMITS[key]}]` }]),
);

/** The limits given on the command line (or config file); a bad value throws `error(message)`. */
export function limitsFromArgv(o: Record<string, unknown>, error: (message: string) => Error = (m) => new RangeError(m)): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const [flag, key] of FLAGS) {
    const v = o[flag];
    if (v === undefined || v === null) continue;
    const n = Number(v);
    // (a non-number is NaN by now: the message says what was expected rather than "NaN")
    if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) throw error(`--${flag}${Number.isNaN(n) ? '' : ' ' + String(v)}: expected a whole number`);
    out[key] = n;
  }
  return out;
}
