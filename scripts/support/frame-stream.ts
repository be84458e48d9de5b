/**
 * Streams a synthesized capture (a pcap of `packets` same-length frames that a generator builds
 * in place) in 1 MiB writes: the memory script feeds flowcheck's stdin with it, and
 * gen-http-flood writes it to stdout. `pps` packets per second of packet time, from `t0`.
 */
import { PcapWriter } from '../../lib/capture/writer.js';

export interface FrameGen {
  packets: number;
  frameLen: number;
  /** Builds frame `i` into `b` at `off`. */
  frame(b: Buffer, off: number, i: number): void;
}

/** Writes the whole capture; stops early when `stopped()` says so. Returns the bytes written. */
export async function streamFrames(g: FrameGen, write: (b: Buffer) => Promise<void>, t0: number, pps: number, stopped: () => boolean = () => false): Promise<number> {
  const pw = new PcapWriter({ linktype: 1 });
  const head = pw.header();
  await write(Buffer.from(head));
  let bytes = head.length;
  const rec = 16 + g.frameLen;
  const per = Math.max(1, Math.floor((1 << 20) / rec));
  const usecStep = Math.max(1, Math.floor(1e6 / pps));
  for (let i = 0; i < g.packets; ) {
    const k = Math.min(per, g.packets - i);
    const b = Buffer.alloc(k * rec);
    for (let j = 0; j < k; j++, i++) {
      const p = j * rec;
      // the frame is built in place after its record header, which writeRecord then fills in
      g.frame(b, p + 16, i);
      pw.writeRecord(b, p, t0 + Math.floor(i / pps), (i % pps) * usecStep, b.subarray(p + 16, p + 16 + g.frameLen));
    }
    bytes += b.length;
    await write(b);
    if (stopped()) break;
  }
  return bytes;
}
