import { Verdict, type DissectInput } from '../dissector.js';
import { segment } from './dissect-kit.js';

/**
 * nDPI's dissectors look at one TCP segment at a time, while ours get the direction's
 * reassembled stream; the classifier says where the current packet's bytes begin
 * (DissectInput.seg, dissect-kit's segment()). A SegmentCursor is the per-segment view for
 * dissectors written against it: `next` gives that start, `more` asks for the next packet.
 * It keeps no state of its own.
 */
export class SegmentCursor {
  /** Index in `inp.data` where this packet's bytes start (`inp.off` for UDP). */
  next(inp: DissectInput): number {
    return segment(inp);
  }

  /** Nothing to record: the classifier tracks the segments (kept for the callers' shape). */
  record(_inp: DissectInput): void {}

  /** How a dissector using this cursor asks for the next segment. */
  more(_inp: DissectInput): Verdict {
    return Verdict.More;
  }
}
