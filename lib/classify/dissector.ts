import type { Dir, Flow } from '../flow/flow.js';
import type { DissectContext } from './context.js';

/**
 * A dissector's answer for one look at a flow's payload.
 * - `No`: not this protocol; never call again for this flow.
 * - `More`: can't tell yet; call again with the next payload.
 * - `Yes`: this protocol, metadata complete.
 * - `YesMore`: this protocol, but more metadata follows (TLS certificate, DNS response,
 *   HTTP status); keep calling this dissector only, until it answers Yes or the packet
 *   limit is reached.
 */
export const enum Verdict {
  No = 0,
  More = 1,
  Yes = 2,
  YesMore = 3,
}

/** What a dissector sees. For TCP, `data[0..len)` is the direction's reassembled stream
 * from its first byte (it grows between calls); for UDP, one datagram. */
export interface DissectInput {
  flow: Flow;
  dir: Dir;
  data: Uint8Array;
  off: number;
  len: number;
  /** 0-based index of this payload-carrying packet within the flow. */
  packetIndex: number;
  /**
   * Index in `data` where this packet's own bytes begin: TCP, after the bytes earlier packets
   * of this direction added to the stream (nDPI's dissectors look at one segment at a time);
   * UDP, `off`. Set by the classifier; a driver that leaves it out (a test feeding one
   * payload) makes the whole of data[off..off+len) the packet (see dissect-kit's segment()).
   */
  seg?: number;
  /** Transport: 6 TCP, 17 UDP. */
  transport: number;
  /** Ports as seen in this packet: source, destination. */
  sport: number;
  dport: number;
  /**
   * The run's context: limits, limit-hit counters, cross-flow caches (lib/classify/context.ts).
   * Absent when a dissector is driven alone, as in tests: default limits (ALONE), no caches.
   */
  ctx?: DissectContext;
}

/** The result a dissector sets on `flow` when it answers Yes/YesMore: flow.l7Master,
 * flow.l7App (ids from lib/classify/protocol-table.ts), flow.host and flow.meta.*. */
export interface Dissector {
  /** The nDPI protocol name this dissector detects (as in ndpi-protocols.tsv). */
  readonly name: string;
  /** Transports it wants: 6 TCP, 17 UDP. */
  readonly transports: readonly number[];
  /** Ports that make this dissector try first; it is still tried on any port unless
   * `portsOnly` is set. */
  readonly ports?: readonly number[];
  readonly portsOnly?: boolean;
  /**
   * Cheap exact pre-tests per transport (see PreTest): the classifier evaluates them from a
   * table and treats a failed one as this dissector's No, without calling it. Each must
   * restate the dissector's own first check, never guess.
   */
  readonly pre?: { readonly tcp?: PreTest; readonly udp?: PreTest };
  dissect(input: DissectInput): Verdict;
}

/**
 * What a dissector declares about the looks it answers No to at once, with no side effect,
 * on every call before it has found its protocol (every packet, or the first with firstLook):
 * the classifier answers that No for it from a table, without calling it (fewer calls, fewer
 * functions hot enough to compile). A pre-test must be exactly implied by the dissector's own
 * code (a payload it would answer More or Yes to must pass); tests check it on the corpus.
 */
export interface PreTest {
  /** No unless the flow's server or client port is one of these (decided once per flow). */
  readonly ports?: readonly number[];
  /** No when the payload it looks at (inp.len bytes: a UDP datagram, a TCP direction's
   * stream so far) is shorter than this. */
  readonly minLen?: number;
  /** No unless the payload's byte at offset `at` (default 0; data[off + at]) is one of these,
   * once the payload has `bytesFrom` bytes (default at + 1; shorter ones pass this test). */
  readonly bytes?: readonly number[];
  readonly at?: number;
  readonly bytesFrom?: number;
  /** The length and byte tests hold for the flow's first payload only (packetIndex 0, the
   * dissector's first look); later looks are not tested. (A port test always holds: a first
   * look's No is for the whole flow.) */
  readonly firstLook?: boolean;
}
