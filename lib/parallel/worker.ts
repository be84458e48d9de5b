/**
 * One worker thread of a `--jobs N` run (lib/parallel/run.ts starts it): runs the pipeline
 * (lib/analyze.ts, fed instead of reading: AnalyzeOptions.feed) on the packets of its share
 * of host pairs, and writes each ended flow's report bytes itself once the main thread has
 * told it the flow's one-thread id.
 *
 * - Flow ids: the worker's tracker numbers its own flows 1, 2, …; it reports the sequence
 *   number of each flow's first packet (Flow.firstSeq) and the main thread, which sees every
 *   worker's, ranks them and sends back the one-thread ids (`ids` messages, in the worker's
 *   own order). An ended flow waits (`pending`) until its id is known; flows are written in
 *   the order they ended.
 * - Flow ends: each gets its key (lib/parallel/order.ts); the worker's ends come in key order.
 * - Cross-flow caches: every operation is logged with its key (caches.ts).
 * - What would differ from one thread (a flow ended by the memory budget or the flow table)
 *   is reported as a conflict at its key: the main thread then goes back to one thread.
 */
import { readFileSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { analyze, type AnalyzeOptions, type FeedControl } from '../analyze.js';
import { PacketInfo } from '../decode/packet.js';
import type { Flow } from '../flow/flow.js';
import type { AnalysisResult } from '../result.js';
import { JsonBytes } from '../report/json-bytes.js';
import { instrumentCaches, newCacheLog, stamp, type CacheLog } from './caches.js';
import { FINISH, MEMCHECK, PACKET, SWEEP, type Key } from './order.js';
import { readBatch } from './wire.js';

/** What the caller (the CLI's worker entry) gives: the analysis and how a flow is written. */
export interface WorkerSetup {
  /** The run's options (what `inputs` a one-thread run would have had does not matter). */
  options: Omit<AnalyzeOptions, 'inputs' | 'feed' | 'onFlow' | 'keepFlows' | 'keepAlerts'>;
  /** Writes an ended flow (its id already the one-thread id) into `out`; what it returns goes with it. */
  write(f: Flow, out: JsonBytes): unknown;
  /** After the last flow: what the main thread merges (structured-cloned). */
  result(r: AnalysisResult): unknown;
}

export interface WorkerInit {
  shard: number;
  shards: number;
  files: string[];
}

/** Main thread → worker. */
export type ToWorker =
  | { t: 'batch'; buf: ArrayBuffer; len: number; upTo: number }
  | { t: 'ids'; ids: number[] }
  | { t: 'finish' };

/** Worker → main thread. */
export type FromWorker =
  | {
      t: 'out';
      /** The message it answers. */
      answers: ToWorker['t'];
      /** Every packet up to this sequence number is done (Infinity after the input's end). */
      upTo: number;
      /** First-packet sequence numbers of the flows created since the last message. */
      creations: number[];
      /** The key of the first ended flow still waiting for its id, or null. */
      pending: Key | null;
      /** Flows written: three key numbers each, their byte lengths, what write() gave. */
      keys: Float64Array;
      lens: Int32Array;
      /** What write() gave, for the flows (indexes into keys ÷ 3, lens) where it was not undefined. */
      extraAt: number[];
      extras: unknown[];
      bytes: Uint8Array;
      log: CacheLog;
      conflict: { key: Key; why: string } | null;
      /** The batch answered, given back for the next one (nothing of it is kept after a packet). */
      recycled: ArrayBuffer | null;
    }
  | { t: 'done'; result: unknown; cpu: number }
  | { t: 'error'; message: string };

interface Ended {
  flow: Flow;
  k0: number;
  k1: number;
  k2: number;
}

export async function runWorker(port: MessagePort, init: WorkerInit, setup: WorkerSetup): Promise<void> {
  const post = (m: FromWorker, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
  let ctl: FeedControl | null = null;
  const log = newCacheLog();
  /** What the tracker is doing: a packet, a sweep (ends stamp their own cache operations), the end. */
  let phase = PACKET;
  let seq = 0;
  let upTo = 0;
  let creations: number[] = [];
  let conflict: { key: Key; why: string } | null = null;
  const gids: number[] = [];
  /** Ended flows waiting for their ids (from `pendingAt` on). */
  let pending: Ended[] = [];
  let pendingAt = 0;
  let out = new JsonBytes(1 << 16);
  let keys: number[] = [];
  let lens: number[] = [];
  let extraAt: number[] = [];
  let extras: unknown[] = [];
  let finished = false;
  let result: AnalysisResult | null = null;
  /** Where the operations not yet given a key start in `log`. */
  let stamped = 0;
  let resolveFeed: (() => void) | null = null;

  const setConflict = (key: Key, why: string): void => {
    if (conflict === null) conflict = { key, why };
  };

  const write = (e: Ended): void => {
    const f = e.flow;
    const gid = gids[f.id - 1];
    for (const a of f.alerts) if (a.flowId === f.id) a.flowId = gid;
    const other = f.meta.other;
    if (other !== undefined) {
      const c = other['ftp_data.control_flow'];
      if (typeof c === 'number' && c >= 1 && c <= gids.length) other['ftp_data.control_flow'] = gids[c - 1];
    }
    // the one-thread id (Flow.id is the tracker's; this flow has ended and is only written now)
    (f as { id: number }).id = gid;
    const at = out.pos;
    const extra = setup.write(f, out);
    if (extra !== undefined) {
      extraAt.push(lens.length);
      extras.push(extra);
    }
    keys.push(e.k0, e.k1, e.k2);
    lens.push(out.pos - at);
  };

  const flushPending = (): void => {
    while (pendingAt < pending.length && pending[pendingAt].flow.id <= gids.length) write(pending[pendingAt++]);
    if (pendingAt === pending.length) {
      pending = [];
      pendingAt = 0;
    } else if (pendingAt > 1024 && pendingAt * 2 > pending.length) {
      pending = pending.slice(pendingAt);
      pendingAt = 0;
    }
  };

  const onFlow = (f: Flow): void => {
    let k0: number;
    let k1 = 0;
    let k2 = 0;
    if (phase === SWEEP) {
      k0 = seq * 4 + SWEEP;
      k1 = f.lruList;
      k2 = f.lruSeq;
    } else if (phase === FINISH) {
      k0 = FINISH;
      k1 = f.firstSeq;
    } else k0 = seq * 4 + phase;
    if (phase !== PACKET) {
      // the operations of this flow's end (sweep, finish): logged since the last stamp
      stamp(log, stamped, [k0, k1, k2]);
      stamped = log.k0.length;
    }
    if (f.endReason === 'memory' || f.endReason === 'evicted') setConflict([k0, k1, k2], `a flow ended early (${f.endReason === 'memory' ? 'the memory budget' : '--max-flows'})`);
    const e: Ended = { flow: f, k0, k1, k2 };
    if (pendingAt === pending.length && f.id <= gids.length) write(e);
    else pending.push(e);
  };

  let doneSent = false;
  const done = (): void => {
    if (doneSent || !finished || pendingAt < pending.length) return;
    doneSent = true;
    post({ t: 'done', result: setup.result(result!), cpu: threadCpu() });
  };

  const send = (answers: ToWorker['t'], recycled: ArrayBuffer | null = null): void => {
    // the operations of the last packet (every end stamped its own already)
    if (phase !== FINISH) stamp(log, stamped, [seq * 4 + PACKET, 0, 0]);
    const bytes = new Uint8Array(out.pos);
    bytes.set(out.buf.subarray(0, out.pos));
    const p = pendingAt < pending.length ? pending[pendingAt] : undefined;
    const k = Float64Array.from(keys);
    const l = Int32Array.from(lens);
    post(
      {
        t: 'out',
        answers,
        upTo,
        creations,
        pending: p === undefined ? null : [p.k0, p.k1, p.k2],
        keys: k,
        lens: l,
        extraAt,
        extras,
        bytes,
        log,
        conflict,
        recycled,
      },
      recycled !== null ? [bytes.buffer as ArrayBuffer, k.buffer as ArrayBuffer, l.buffer as ArrayBuffer, recycled] : [bytes.buffer as ArrayBuffer, k.buffer as ArrayBuffer, l.buffer as ArrayBuffer],
    );
    // posted (cloned): the buffers start again
    out = new JsonBytes(1 << 16);
    creations = [];
    keys = [];
    lens = [];
    extraAt = [];
    extras = [];
    for (const k of Object.keys(log) as (keyof CacheLog)[]) log[k].length = 0;
    stamped = 0;
  };

  const pkt = new PacketInfo();
  const handler = {
    packet(s: number, p: PacketInfo): void {
      const c = ctl!;
      seq = s;
      phase = PACKET;
      const before = c.tracker.flowsSeen;
      c.tracker.seq = s;
      c.packet(p);
      if (c.tracker.flowsSeen !== before) creations.push(s);
      if (log.k0.length !== stamped) {
        stamp(log, stamped, [s * 4 + PACKET, 0, 0]);
        stamped = log.k0.length;
      }
    },
    tick(s: number, sec: number, nsec: number): void {
      seq = s;
      phase = SWEEP;
      // a sweep's ends stamp their own operations; anything logged before belongs to the last packet
      stamp(log, stamped, [seq * 4 + PACKET, 0, 0]);
      stamped = log.k0.length;
      ctl!.tracker.sweepTo(sec, nsec);
      stamp(log, stamped, [seq * 4 + PACKET, 0, 0]);
      stamped = log.k0.length;
      phase = PACKET;
    },
    memCheck(s: number): void {
      const c = ctl!;
      seq = s;
      stamp(log, stamped, [seq * 4 + PACKET, 0, 0]);
      stamped = log.k0.length;
      phase = MEMCHECK;
      c.memoryCheck();
      const stopped = c.stopped();
      if (stopped !== null) setConflict([seq * 4 + MEMCHECK, 0, 0], 'the memory budget stopped the run');
      phase = PACKET;
    },
    capture(i: number): void {
      ctl!.tracker.capture = init.files[i];
    },
  };

  port.on('message', (m: ToWorker) => {
    try {
      if (m.t === 'batch') {
        readBatch(m.buf, m.len, pkt, handler);
        upTo = m.upTo;
        send('batch', m.buf);
      } else if (m.t === 'ids') {
        for (const id of m.ids) gids.push(id);
        flushPending();
        send('ids');
        done();
      } else {
        // the input's end: tracker.finish() once the feed resolves
        phase = FINISH;
        resolveFeed!();
      }
    } catch (e) {
      post({ t: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  });

  const analysis = analyze({
    ...setup.options,
    inputs: [],
    keepFlows: false,
    keepAlerts: false,
    onFlow,
    feed: (c) => {
      ctl = c;
      instrumentCaches(c.classifier, log);
      return new Promise<void>((resolve) => {
        resolveFeed = resolve;
      });
    },
  });
  result = await analysis;
  if (result.memoryStop !== undefined) setConflict([FINISH, 0, 0], 'the memory budget stopped the run');
  finished = true;
  upTo = Infinity;
  send('finish');
  done();
}

/**
 * CPU seconds (user + system) the calling thread has used, from Linux's /proc/thread-self
 * (NaN elsewhere): what FLOWCHECK_JOBS_STATS prints, to measure the serial part of a run.
 */
export function threadCpu(): number {
  try {
    const s = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
