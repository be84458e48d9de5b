/**
 * The current packet's bytes for dissectors that follow nDPI's per-packet checks: nDPI looks
 * at one TCP segment's payload at a time, while the classifier hands TCP dissectors the
 * direction's reassembled stream. A PacketView remembers, per flow and direction, how much
 * of the stream this dissector has already seen, and counts its payload packets per
 * direction (nDPI's packet_direction_counter). UDP datagrams are always whole packets.
 * State is made only when the dissector answers More (never on the No path).
 */
import type { DissectInput } from '../dissector.js';
import { FlowState } from './dissect-kit.js';

/** [seen in dir 0, seen in dir 1, packets in dir 0, packets in dir 1] */
type Seen = Int32Array;

export class PacketView {
  private readonly seen = new FlowState<Seen>(() => new Int32Array(4));

  /** Index in inp.data where this packet's bytes start (TCP: after those seen before). */
  start(inp: DissectInput): number {
    if (inp.transport !== 6) return inp.off;
    const s = this.seen.peek(inp.flow);
    return s === undefined ? inp.off : inp.off + Math.min(s[inp.dir], inp.len);
  }

  /** Payload packets seen in the current direction, this one included. */
  dirPackets(inp: DissectInput): number {
    const s = this.seen.peek(inp.flow);
    return (s === undefined ? 0 : s[2 + inp.dir]) + 1;
  }

  /** Records this packet as seen; call before answering More. */
  done(inp: DissectInput): void {
    const s = this.seen.get(inp.flow);
    s[inp.dir] = inp.len;
    s[2 + inp.dir]++;
  }
}

/**
 * TPKT (RFC 1006) at b[s..e): version 3, reserved 0, and a length equal to the packet's
 * (nDPI's tpkt_verify_hdr).
 */
export function isTpkt(b: Uint8Array, s: number, e: number): boolean {
  return e - s > 4 && b[s] === 3 && b[s + 1] === 0 && ((b[s + 2] << 8) | b[s + 3]) === e - s;
}
