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
