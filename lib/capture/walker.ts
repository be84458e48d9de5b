/**
 * What the reader's driver needs from a format walker (pcap.ts, pcapng.ts).
 * A walker consumes complete records from a chunk and says how far it got; the driver
 * refills, carries partial records to the front and skips bytes it was told to skip.
 */
import type { CaptureFormat } from './types.js';

/**
 * Largest captured length accepted for one record (256 KiB, libpcap's usual maximum).
 * A record is also refused when its caplen exceeds a non-zero snaplen (file header or IDB).
 * libpcap tolerates that case by cutting the record, but no corpus file does it (checked:
 * all 52), so the strict rule stands; relax it in pcap.ts/pcapng.ts (`limit`) if real
 * files need it.
 */
export const MAX_CAPLEN = 262144;

/**
 * Initial value for numeric fields that will hold non-small integers (seconds, byte sums):
 * -0 is stored as a double from the start, so V8 never has to change the field's
 * representation mid-run (that deprecates the object's map and throws away optimized code).
 * Facts must be normalised with `+ 0` before they are handed out.
 */
export const D0 = -0;

export interface RecordWalker {
  readonly format: CaptureFormat;
  /** Byte order of the file header (pcapng: of the first section). */
  readonly bigEndian: boolean;
  records: number;
  /** Sum of the records' wire lengths. */
  bytes: number;
  firstSec: number;
  firstNsec: number;
  lastSec: number;
  lastNsec: number;
  readonly linktypes: Set<number>;
  /**
   * Bytes needed, from the returned position, to finish the pending record or block
   * (0 when the walk ended exactly at `end`). Always within the record-size limits.
   */
  need: number;
  /** True when `need` is only a header length (the record's own length is not known yet). */
  needIsHeader: boolean;
  /** When walk() returns a position beyond `end`: the block being skipped (absolute offset, length). */
  skipStart: number;
  skipLength: number;
  /**
   * Walk complete records in b[pos, end). `base` is the stream offset of b[0] (for errors).
   * Returns the position of the first unconsumed byte; a value beyond `end` means the
   * driver must skip that many more bytes of the stream (the tail of a block not needed).
   * Throws CaptureError for malformed input.
   */
  walk(b: Uint8Array, pos: number, end: number, base: number): number;
  /**
   * When the input ends with `fill` bytes at stream offset `base` not walked (or a skipped
   * block's end still due): what was cut short, e.g. "truncated record at offset 1234: 10
   * of 60 bytes"; null when nothing is pending.
   */
  truncated(base: number, fill: number): string | null;
}
