/**
 * The current packet's bytes for dissectors that follow nDPI's per-packet checks: nDPI looks
 * at one TCP segment's payload at a time, while the classifier hands TCP dissectors the
 * direction's reassembled stream (and says where the current segment begins). A PacketView
 * gives that start and counts this dissector's payload packets per direction (nDPI's
 * packet_direction_counter). UDP datagrams are always whole packets.
 * State is made only when the dissector answers More (never on the No path).
 */
import type { DissectInput } from '../dissector.js';
import { FlowState, segment } from './dissect-kit.js';

/** Payload packets seen per direction (a plain pair: a typed array per flow costs about three times its bytes). */
type Seen = [number, number];

export class PacketView {
  private readonly seen = new FlowState<Seen>(() => [0, 0]);

  /** Index in inp.data where this packet's bytes start (the classifier's segment). */
  start(inp: DissectInput): number {
    return segment(inp);
  }

  /** Payload packets seen in the current direction, this one included. */
  dirPackets(inp: DissectInput): number {
    const s = this.seen.peek(inp.flow);
    return (s === undefined ? 0 : s[inp.dir]) + 1;
  }

  /** Records this packet as seen; call before answering More. */
  done(inp: DissectInput): void {
    this.seen.get(inp.flow)[inp.dir]++;
  }
}

/**
 * TPKT (RFC 1006) at b[s..e): version 3, reserved 0, and a length equal to the packet's
 * (nDPI's tpkt_verify_hdr).
 */
export function isTpkt(b: Uint8Array, s: number, e: number): boolean {
  return e - s > 4 && b[s] === 3 && b[s + 1] === 0 && ((b[s + 2] << 8) | b[s + 3]) === e - s;
}
