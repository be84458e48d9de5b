import { Verdict, type DissectInput } from '../dissector.js';
import { FlowState } from './dissect-kit.js';

/**
 * nDPI's dissectors look at one TCP segment at a time, while ours get the direction's
 * reassembled stream. A SegmentCursor remembers, per flow and direction, how much of the
 * stream the dissector has already seen, so that it can find where the newest segment
 * starts. Each dissector owns its own cursor (one FlowState slot each). Nothing is
 * allocated until the dissector asks to be called again (`more`/`record`): a dissector
 * that rules the flow out on its first segment costs no memory.
 */
export class SegmentCursor {
  private readonly seen = new FlowState<number[]>(() => [0, 0]);

  /**
   * Absolute index in `inp.data` where the bytes added since this dissector's last call
   * in this direction start (`inp.off` for UDP and for a direction's first segment).
   * Call it once per dissector call.
   */
  next(inp: DissectInput): number {
    if (inp.transport !== 6) return inp.off;
    const s = this.seen.peek(inp.flow);
    if (s === undefined) return inp.off; // nothing recorded: no earlier call wanted more
    const prev = s[inp.dir];
    s[inp.dir] = inp.len;
    return inp.off + (prev < inp.len ? prev : 0);
  }

  /** Records the stream length seen so far in this direction (before answering More/YesMore). */
  record(inp: DissectInput): void {
    if (inp.transport === 6) this.seen.get(inp.flow)[inp.dir] = inp.len;
  }

  /** `record`, then More: how a dissector using this cursor asks for the next segment. */
  more(inp: DissectInput): Verdict {
    this.record(inp);
    return Verdict.More;
  }
}
