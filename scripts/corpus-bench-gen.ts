/**
 * Benchmark captures made of real traffic (issue 13): every Ethernet capture of the corpus
 * (FLOWCHECK_CORPUS, default ../shared/corpus), each cut to its first `perCaptureBytes` of
 * records, concatenated `copies` times into one classic pcap (µs) — read and written with the
 * project's own lib/capture reader and writer.
 *
 *  - "corpus many flows" (`distinct: true`): every copy is its own set of flows — an untagged
 *    frame gets an 802.1Q tag whose VLAN id is the copy number + 1, a tagged one has its outer
 *    VLAN id shifted by copy number + 1 (VLAN ids 1..4094, wrapping), so no copy's flow key
 *    meets another's (flowcheck's and nDPI's flow keys include the VLAN id);
 *  - "corpus few flows" (`distinct: false`): the same copies byte for byte as captured, so a
 *    flow continues across copies (a copy lasts less than the UDP idle timeout).
 *
 * Timestamps are monotonic: each capture of each copy starts 1 ms after the previous record
 * written, and within a capture the gap between records is the original one clamped to
 * [0, maxGapUs] (the corpus spans decades, with records going backwards in some captures).
 * The corpus is walked in file-name order; the output depends on the corpus and the
 * parameters only.
 *
 *   node dist/scripts/corpus-bench-gen.js OUT.pcap [--few] [--copies N] [--per-capture BYTES]
 */
import { closeSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCapture } from '../lib/capture/reader.js';
import { PcapWriter } from '../lib/capture/writer.js';
import { Decoder } from '../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../lib/decode/packet.js';
import { FlowTracker } from '../lib/flow/tracker.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The corpus directory: FLOWCHECK_CORPUS (relative to the project), default ../shared/corpus. */
export const CORPUS_DIR = path.resolve(ROOT, process.env.FLOWCHECK_CORPUS ?? '../shared/corpus');

const LINKTYPE_ETHERNET = 1;
const START_US = Date.UTC(2024, 0, 1) * 1000;
const CAPTURE_GAP_US = 1000;
const CHUNK = 32 * 1024 * 1024;

export interface CorpusGenParams {
  kind: 'corpus-many-flows' | 'corpus-few-flows';
  copies: number;
  /** Each capture contributes its first records up to this many bytes (record headers included; at least one record). */
  perCaptureBytes: number;
  /** Largest gap kept between two records of a capture, µs. */
  maxGapUs: number;
}

export interface CorpusGenResult {
  packets: number;
  flows: number;
  /** Most flows live at once (flowcheck's tracker, default timeouts). */
  concurrentFlows: number;
  fileBytes: number;
  /** Sum of the captured frame lengths (some corpus records claim huge original lengths: cut TSO frames). */
  wireBytes: number;
  firstUs: number;
  lastUs: number;
  /** Ethernet captures used, and the corpus captures left out (other link types). */
  captures: number;
  skipped: number;
}

/** The parameters the bench uses: ≥ 300 MB and ≥ 150 k flows for many flows. */
export function corpusParams(kind: CorpusGenParams['kind'], quick = false): CorpusGenParams {
  return { kind, copies: quick ? 12 : 124, perCaptureBytes: 10_000, maxGapUs: 10_000 };
}

interface Rec {
  us: number;
  wirelen: number;
  data: Uint8Array;
}

/** The corpus's capture files (name order) — undefined when the corpus is absent. */
export function corpusFiles(dir = CORPUS_DIR): { file: string; size: number }[] | undefined {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir)
    .filter((n) => /\.(pcap|pcapng|cap)$/.test(n))
    .sort();
  if (names.length === 0) return undefined;
  return names.map((n) => ({ file: path.join(dir, n), size: statSync(path.join(dir, n)).size }));
}

/** Each Ethernet capture's first records (cut at perCaptureBytes), with timestamps already relative (monotonic, clamped gaps). */
async function loadCorpus(p: CorpusGenParams, dir: string): Promise<{ captures: Rec[][]; skipped: number }> {
  const captures: Rec[][] = [];
  let skipped = 0;
  for (const { file } of corpusFiles(dir) ?? []) {
    const recs: Rec[] = [];
    let onlyEthernet = true;
    let bytes = 0;
    let prev = -1;
    let rel = 0;
    await readCapture(file, {
      onRecord(data, offset, caplen, wirelen, sec, nsec, linktype) {
        if (linktype !== LINKTYPE_ETHERNET) onlyEthernet = false;
        if (!onlyEthernet || (recs.length > 0 && bytes + 16 + caplen > p.perCaptureBytes)) return;
        bytes += 16 + caplen;
        const us = sec * 1e6 + Math.floor(nsec / 1000);
        if (prev >= 0) rel += Math.min(Math.max(us - prev, 0), p.maxGapUs);
        prev = us;
        recs.push({ us: rel, wirelen, data: data.slice(offset, offset + caplen) });
      },
    });
    if (onlyEthernet && recs.length > 0) captures.push(recs);
    else skipped++;
  }
  return { captures, skipped };
}

/** The frame as written in copy `copy`: VLAN id set or shifted for distinct flows. */
function frameOf(r: Rec, copy: number, distinct: boolean, out: Buffer, off: number): number {
  const d = r.data;
  if (!distinct || d.length < 14) {
    out.set(d, off);
    return d.length;
  }
  const etype = (d[12] << 8) | d[13];
  if ((etype === 0x8100 || etype === 0x88a8) && d.length >= 18) {
    out.set(d, off);
    const tci = (d[14] << 8) | d[15];
    const vid = (((tci & 0xfff) - 1 + copy + 1 + 4094 * 2) % 4094) + 1;
    out[off + 14] = (tci >> 8 & 0xf0) | (vid >> 8);
    out[off + 15] = vid & 0xff;
    return d.length;
  }
  const vid = (copy % 4094) + 1;
  out.set(d.subarray(0, 12), off);
  out[off + 12] = 0x81;
  out[off + 13] = 0x00;
  out[off + 14] = vid >> 8;
  out[off + 15] = vid & 0xff;
  out.set(d.subarray(12), off + 16);
  return d.length + 4;
}

/** Writes the capture; then counts its flows with flowcheck's own tracker. */
export async function generateCorpusCapture(outFile: string, p: CorpusGenParams, dir = CORPUS_DIR): Promise<CorpusGenResult> {
  const { captures, skipped } = await loadCorpus(p, dir);
  if (captures.length === 0) throw new Error(`no Ethernet capture in ${dir}`);
  const distinct = p.kind === 'corpus-many-flows';
  const w = new PcapWriter({ linktype: LINKTYPE_ETHERNET, snaplen: 262144 });
  const fd = openSync(outFile, 'w');
  const buf = Buffer.allocUnsafe(CHUNK);
  let pos = 0;
  let fileBytes = 0;
  const flush = () => {
    let o = 0;
    while (o < pos) o += writeSync(fd, buf, o, pos - o);
    fileBytes += pos;
    pos = 0;
  };
  try {
    const h = w.header();
    h.copy(buf, 0);
    pos = h.length;
    let packets = 0;
    let wireBytes = 0;
    let cursor = START_US;
    const frame = Buffer.allocUnsafe(262144 + 4);
    for (let copy = 0; copy < p.copies; copy++) {
      for (const recs of captures) {
        const base = cursor + CAPTURE_GAP_US;
        for (const r of recs) {
          const us = base + r.us;
          const n = frameOf(r, copy, distinct, frame, 0);
          if (pos + 16 + n > CHUNK) flush();
          pos = w.writeRecord(buf, pos, Math.floor(us / 1e6), us % 1e6, frame.subarray(0, n), r.wirelen + (n - r.data.length));
          packets++;
          wireBytes += n;
          cursor = us;
        }
      }
    }
    flush();
    const flows = await countFlows(outFile);
    return { packets, flows: flows.flows, concurrentFlows: flows.concurrent, fileBytes, wireBytes, firstUs: START_US + CAPTURE_GAP_US, lastUs: cursor, captures: captures.length, skipped };
  } finally {
    closeSync(fd);
  }
}

/** Flows as flowcheck's tracker sees them (default timeouts), and the most live at once. */
async function countFlows(file: string): Promise<{ flows: number; concurrent: number }> {
  const decoder = new Decoder();
  const pkt = new PacketInfo();
  let flows = 0;
  let concurrent = 0;
  const tracker = new FlowTracker({ inspect: (flow) => void (flow.classified = true), ended: () => void flows++ });
  await readCapture(file, {
    onRecord(data, offset, caplen, wirelen, sec, nsec, linktype) {
      if (decoder.decode(data, offset, caplen, wirelen, linktype, sec, nsec, pkt) === DecodeStatus.Ok) {
        tracker.packet(pkt);
        if (tracker.activeFlows > concurrent) concurrent = tracker.activeFlows;
      }
    },
  });
  tracker.finish();
  return { flows, concurrent };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const out = argv.find((a, i) => !a.startsWith('--') && !['--copies', '--per-capture'].includes(argv[i - 1]));
  if (!out) {
    process.stderr.write('usage: corpus-bench-gen OUT.pcap [--few] [--copies N] [--per-capture BYTES]\n');
    process.exit(2);
  }
  const p = corpusParams(argv.includes('--few') ? 'corpus-few-flows' : 'corpus-many-flows');
  const num = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  p.copies = num('--copies') ?? p.copies;
  p.perCaptureBytes = num('--per-capture') ?? p.perCaptureBytes;
  if (!corpusFiles()) {
    process.stderr.write(`corpus-bench-gen: no corpus at ${CORPUS_DIR} (set FLOWCHECK_CORPUS)\n`);
    process.exit(2);
  }
  const t0 = performance.now();
  const r = await generateCorpusCapture(out, p);
  process.stdout.write(JSON.stringify({ params: p, result: r, seconds: (performance.now() - t0) / 1000 }, null, 2) + '\n');
}
