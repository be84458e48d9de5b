/**
 * Helpers shared by the game dissectors: nDPI's own notion of packet direction, and the
 * bytes of the current TCP segment (nDPI looks at packets one by one, flowcheck hands the
 * direction's reassembled stream).
 */
import type { DissectInput } from '../dissector.js';
import { FlowState } from './dissect-kit.js';

/**
 * nDPI's packet direction when direction detection is on (ndpi_main.c,
 * ndpi_connection_tracking): for TCP and UDP it is 1 when the source port is lower than the
 * destination port, else 0 — so it names the side by its port, not by who spoke first.
 */
export function ndpiDir(inp: DissectInput): 0 | 1 {
  return inp.sport < inp.dport ? 1 : 0;
}

/**
 * Per-flow cursor over a TCP direction's stream: `start` answers where the bytes that
 * arrived with this call begin (the current segment is data[start .. off+len)), and `keep`,
 * called before answering More, remembers where they end. Nothing is allocated for a flow
 * that is ruled out on its first look. One instance per dissector (each keeps its own
 * slot). UDP datagrams start at `off`.
 */
export class SegmentCursor {
  private readonly seen = new FlowState<[number, number]>(() => [0, 0]);

  start(inp: DissectInput): number {
    if (inp.transport !== 6) return inp.off;
    const s = this.seen.peek(inp.flow);
    return inp.off + (s === undefined ? 0 : Math.min(s[inp.dir], inp.len));
  }

  keep(inp: DissectInput): void {
    if (inp.transport === 6) this.seen.get(inp.flow)[inp.dir] = inp.len;
  }
}

/** Per-flow payload-packet counters by nDPI direction (packet_direction_counter). */
export class DirCounter {
  private readonly counts = new FlowState<[number, number]>(() => [0, 0]);

  /** The number this packet gets in its nDPI direction (nothing is recorded yet). */
  next(inp: DissectInput, dir: 0 | 1): number {
    const c = this.counts.peek(inp.flow);
    return (c === undefined ? 0 : c[dir]) + 1;
  }

  /** Records this packet in its nDPI direction (call when the flow stays a candidate). */
  record(inp: DissectInput, dir: 0 | 1): void {
    this.counts.get(inp.flow)[dir]++;
  }
}
