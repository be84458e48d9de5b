/**
 * `--jobs N` (N ≥ 2): one analysis over N worker threads, giving the one-thread report.
 *
 * The calling thread reads and decodes every record once (fragments reassembled here), numbers
 * each decoded IP packet (its seq, from 1) and appends it to the batch of the worker that owns
 * its host pair (wire.ts: both directions, every flow, fragment and FTP-data connection of two
 * hosts go to one worker). Every worker also gets, at their place in the stream, the idle
 * sweeps a new second of packet time starts and the memory budget's check points, so each
 * runs them on its own flows exactly when the one-thread tracker would. Batches are
 * ArrayBuffers, transferred; the reading waits (ReadCaptureOptions.pause) while a worker has
 * MAX_QUEUED batches not yet done.
 *
 * Workers (worker.ts) write each ended flow's report bytes; this thread
 * - ranks the flows' first packets over all workers into the one-thread ids (once every
 *   worker is past a packet, no flow can still be created before it) and sends them back;
 * - merges the written flows by their end keys (order.ts) — the one-thread order of ends —
 *   and hands them to `onFlow`, up to the key every worker is past;
 * - replays the workers' cross-flow cache operations (caches.ts) up to the same key.
 * What one thread would have done differently — a cache lookup answered differently, more
 * flows than --max-flows, a flow ended by the memory budget, packet time going backwards
 * (the idle lists would not be in time order), a dissector error — is a conflict at its key:
 * the flows before it were handed on, and the outcome says how many, so the caller can run
 * one thread from the start and skip writing those (they are the same bytes).
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { readCapture } from '../capture/reader.js';
import type { CaptureFacts } from '../capture/types.js';
import { Decoder, type DecoderOptions } from '../decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../decode/packet.js';
import type { DecodeStats } from '../result.js';
import { CacheJudge } from './caches.js';
import { END, keyLess, minKey, type Key } from './order.js';
import { BatchWriter, shardOfPacket } from './wire.js';
import { threadCpu, type FromWorker, type ToWorker, type WorkerInit } from './worker.js';

/** Records per round of batches (one batch per worker). */
const ROUND = 8192;
const BATCH_BYTES = 1 << 20;
/** Batches a worker may have queued before the reading waits. */
const MAX_QUEUED = 4;

export interface JobsOptions {
  jobs: number;
  files: string[];
  /** The worker's entry script; it gets `{ init: WorkerInit, data }` as workerData. */
  worker: URL;
  data: unknown;
  /**
   * Runs shard 0 in this thread (worker.ts's runWorker on `port`), so that `--jobs N` starts
   * N - 1 threads: each thread is a V8 isolate of its own, which compiles and warms up the
   * whole pipeline again (on 2 cores, that cost is most of what a third thread would give).
   */
  local?: (port: MessagePort, init: WorkerInit) => void;
  decoder: DecoderOptions;
  maxFrame: number;
  /** --max-flows (Infinity: none). */
  maxFlows: number;
  /** Each ended flow in the one-thread order: its bytes and what the worker's write() gave. */
  onFlow(bytes: Uint8Array, extra: unknown): void;
  onProgress?(file: string, fileIndex: number, consumed: number, total: number, packets: number): void;
}

export type JobsOutcome =
  | {
      ok: true;
      captures: CaptureFacts[];
      /** Warnings of the reading (per capture). */
      captureWarnings: string[];
      stats: DecodeStats;
      decoder: Decoder;
      /** What each worker's result() gave, by worker. */
      results: unknown[];
    }
  | { ok: false; why: string; flows: number };

interface WorkerState {
  worker: Worker | MessagePort;
  /** Batches and the finish message sent, not yet answered. */
  queued: number;
  /** The last batch's upTo that it answered (Infinity after its finish). */
  doneUpTo: number;
  pending: Key | null;
  creations: number[];
  creationPos: number;
  /** Written flows not yet handed on, as the worker sent them (one message a part), and their bytes. */
  parts: Part[];
  /** Read position: part, record index in it, offset in its bytes. */
  part: number;
  rec: number;
  off: number;
  done: boolean;
  result: unknown;
  /** CPU seconds its thread used (threadCpu). */
  cpu: number;
}

export async function runJobs(o: JobsOptions): Promise<JobsOutcome> {
  const n = o.jobs;
  const decoder = new Decoder(o.decoder);
  const pkt = new PacketInfo();
  const judge = new CacheJudge(n);
  const ws: WorkerState[] = [];
  let failure: Error | null = null;
  let conflict: { key: Key; why: string } | null = null;
  let handed = 0;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  for (let i = 0; i < n; i++) {
    const init: WorkerInit = { shard: i, shards: n, files: o.files };
    let worker: Worker | MessagePort;
    if (i === 0 && o.local !== undefined) {
      const ch = new MessageChannel();
      worker = ch.port1;
      o.local(ch.port2, init);
    } else worker = new Worker(o.worker, { workerData: { init, data: o.data } });
    const st: WorkerState = {
      worker,
      queued: 0,
      doneUpTo: 0,
      pending: null,
      creations: [],
      creationPos: 0,
      parts: [],
      part: 0,
      rec: 0,
      off: 0,
      done: false,
      result: undefined,
      cpu: NaN,
    };
    ws.push(st);
    worker.on('message', (m: FromWorker) => {
      if (failure !== null || conflict !== null) return;
      try {
        receive(i, st, m);
      } catch (e) {
        failure = e instanceof Error ? e : new Error(String(e));
      }
      signal();
    });
    worker.on('error', (e) => {
      failure ??= new Error(`--jobs: worker ${i + 1} failed: ${e.message}`);
      signal();
    });
    worker.on('exit', (code) => {
      if (!st.done) failure ??= new Error(`--jobs: worker ${i + 1} stopped (exit code ${code}) before the end of the run`);
      signal();
    });
  }

  let flushSeq = 0;
  let seq = 0;
  let packets = 0;
  let bytes = 0;
  let ipPackets = 0;
  let malformed = 0;
  let lastTick = -1;
  let maxSec = -Infinity;
  let nextId = 1;
  const pool: ArrayBuffer[] = [];
  const batches = Array.from({ length: n }, () => new BatchWriter(BATCH_BYTES, pool));
  let inRound = 0;

  const post = (st: WorkerState, m: ToWorker, transfer?: ArrayBuffer[]): void => st.worker.postMessage(m, transfer);

  const flush = (): void => {
    for (let i = 0; i < n; i++) {
      const b = batches[i];
      if (b.count === 0) continue;
      const { buf, len } = b.take();
      ws[i].queued++;
      post(ws[i], { t: 'batch', buf, len, upTo: seq }, [buf]);
    }
    flushSeq = seq;
    inRound = 0;
  };

  const setConflict = (key: Key, why: string): void => {
    if (conflict === null || keyLess(key[0], key[1], key[2], conflict.key)) conflict = { key, why };
  };

  function receive(i: number, st: WorkerState, m: FromWorker): void {
    if (m.t === 'error') {
      failure ??= new Error(`--jobs: worker ${i + 1} failed: ${m.message}`);
      return;
    }
    if (m.t === 'done') {
      st.done = true;
      st.result = m.result;
      st.cpu = m.cpu;
      step();
      return;
    }
    if (m.answers !== 'ids') st.queued--;
    if (m.recycled !== null && m.recycled.byteLength >= BATCH_BYTES && pool.length < 4 * n) pool.push(m.recycled);
    st.doneUpTo = m.upTo;
    st.pending = m.pending;
    for (const c of m.creations) st.creations.push(c);
    if (m.lens.length > 0) {
      const extras = new Map<number, unknown>();
      for (let j = 0; j < m.extraAt.length; j++) extras.set(m.extraAt[j], m.extras[j]);
      st.parts.push({ keys: m.keys, lens: m.lens, extras, bytes: m.bytes });
    }
    judge.add(i, m.log);
    if (m.conflict !== null) setConflict(m.conflict.key, m.conflict.why);
    step();
  }

  /** Ids, cache judgement and flows handed on, as far as every worker is. */
  function step(): void {
    // 1. ids: every flow created at or before `ranked` is known
    let ranked = Infinity;
    for (const st of ws) ranked = Math.min(ranked, st.queued > 0 ? st.doneUpTo : flushSeq);
    const fresh: number[][] = ws.map(() => []);
    for (;;) {
      let w = -1;
      let best = Infinity;
      for (let i = 0; i < n; i++) {
        const st = ws[i];
        if (st.creationPos < st.creations.length && st.creations[st.creationPos] < best) {
          best = st.creations[st.creationPos];
          w = i;
        }
      }
      if (w < 0 || best > ranked) break;
      if (nextId > o.maxFlows) {
        setConflict([best * 4, 0, 0], `more flows than --max-flows ${o.maxFlows}`);
        break;
      }
      ws[w].creationPos++;
      fresh[w].push(nextId++);
    }
    for (let i = 0; i < n; i++) {
      const st = ws[i];
      if (fresh[i].length === 0) continue;
      if (st.creationPos > 4096 && st.creationPos * 2 > st.creations.length) {
        st.creations = st.creations.slice(st.creationPos);
        st.creationPos = 0;
      }
      post(st, { t: 'ids', ids: fresh[i] });
    }
    // 2. how far every worker's ends are known
    let front: Key = END;
    for (const st of ws) {
      // done: everything written; past the finish: only its pending flows are still to come
      let f: Key = st.done || st.doneUpTo === Infinity ? END : [((st.queued > 0 ? st.doneUpTo : flushSeq) + 1) * 4, 0, 0];
      if (st.pending !== null) f = minKey(f, st.pending);
      front = minKey(front, f);
    }
    // 3. the caches up to there
    judge.judge(front);
    if (judge.conflict !== null) setConflict(judge.conflict, judge.conflictWhy);
    if (conflict !== null) front = minKey(front, conflict.key);
    // 4. the flows up to there, in key order
    for (;;) {
      let w = -1;
      const best: Key = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        const st = ws[i];
        if (st.part >= st.parts.length) continue;
        const k = st.parts[st.part].keys;
        const j = st.rec * 3;
        if (w < 0 || keyLess(k[j], k[j + 1], k[j + 2], best)) {
          best[0] = k[j];
          best[1] = k[j + 1];
          best[2] = k[j + 2];
          w = i;
        }
      }
      if (w < 0 || !keyLess(best[0], best[1], best[2], front)) break;
      const st = ws[w];
      const p = st.parts[st.part];
      const len = p.lens[st.rec];
      o.onFlow(len > 0 ? p.bytes.subarray(st.off, st.off + len) : EMPTY, p.extras.get(st.rec));
      st.off += len;
      handed++;
      if (++st.rec === p.lens.length) {
        st.part++;
        st.rec = 0;
        st.off = 0;
        if (st.part > 64) {
          st.parts = st.parts.slice(st.part);
          st.part = 0;
        }
      }
    }
  }

  const allDone = (): boolean => ws.every((st) => st.done);

  /** Waits for a message (or a failure). */
  const nextEvent = (): Promise<void> => new Promise<void>((r) => (wake = r));

  const stopped = (): boolean => failure !== null || conflict !== null;

  const captures: CaptureFacts[] = [];
  const captureWarnings: string[] = [];
  try {
    const sink = {
      onRecord(data: Uint8Array, offset: number, caplen: number, wirelen: number, tsSec: number, tsNsec: number, linktype: number): void {
        if (conflict !== null) return;
        packets++;
        bytes += wirelen;
        const st = decoder.decode(data, offset, caplen, wirelen, linktype, tsSec, tsNsec, pkt);
        if (st === DecodeStatus.Ok) {
          ipPackets++;
          const s = ++seq;
          const sec = pkt.tsSec;
          if (sec !== lastTick) {
            if (sec < maxSec) {
              setConflict([s * 4, 0, 0], 'packet time goes backwards');
              return;
            }
            maxSec = sec;
            lastTick = sec;
            for (const b of batches) b.tick(s, sec, pkt.tsNsec);
          }
          batches[shardOfPacket(pkt, n)].packet(s, pkt);
          if ((packets & 255) === 0) for (const b of batches) b.memCheck(s);
          if (++inRound >= ROUND) flush();
        } else if (st === DecodeStatus.Malformed) {
          malformed++;
        }
      },
    };
    const pause = (): Promise<void> | undefined => {
      if (stopped()) throw failure ?? new JobsStop();
      if (!ws.some((st) => st.queued >= MAX_QUEUED)) return undefined;
      return (async () => {
        while (!stopped() && ws.some((st) => st.queued >= MAX_QUEUED)) await nextEvent();
        if (stopped()) throw failure ?? new JobsStop();
      })();
    };
    for (let i = 0; i < o.files.length; i++) {
      const file = o.files[i];
      for (const b of batches) b.capture(i);
      const onProgress = o.onProgress;
      let facts: CaptureFacts;
      try {
        facts = await readCapture(file, sink, {
          maxFrame: o.maxFrame,
          pause,
          onProgress: onProgress ? (consumed, total) => onProgress(file, i, consumed, total, packets) : undefined,
        });
      } catch (e) {
        if (e instanceof JobsStop) break;
        throw e;
      }
      captures.push(facts);
      captureWarnings.push(...facts.warnings);
      if (stopped()) break;
    }
    if (failure !== null) throw failure;
    if (conflict === null) {
      flush();
      for (const st of ws) {
        st.queued++;
        post(st, { t: 'finish' });
      }
      step();
      while (!stopped() && !allDone()) await nextEvent();
      if (failure !== null) throw failure;
      if (conflict === null) step();
    }
    if (conflict !== null) return { ok: false, why: (conflict as { why: string }).why, flows: handed };
    if (process.env.FLOWCHECK_JOBS_STATS) {
      const main = threadCpu();
      const workers = ws.map((st) => st.cpu);
      const sum = workers.reduce((a, b) => a + b, 0) + main;
      process.stderr.write(`flowcheck: --jobs ${n}: thread CPU s: reading/merging ${main.toFixed(2)}, workers ${workers.map((c) => c.toFixed(2)).join(' ')}; serial ${(main / sum * 100).toFixed(0)} % of the JS threads' ${sum.toFixed(2)} s\n`);
    }
    // as analyze() gives them
    return {
      ok: true,
      captures,
      captureWarnings,
      decoder,
      stats: decoder.stats({ packets, bytes, ipPackets, malformed }),
      results: ws.map((st) => st.result),
    };
  } finally {
    await Promise.all(ws.map((st) => (st.worker instanceof Worker ? st.worker.terminate() : closePort(st.worker))));
  }
}

const EMPTY = new Uint8Array(0);

async function closePort(p: MessagePort): Promise<void> {
  p.close();
}

/** The reading stops: a conflict was found (not an error). */
class JobsStop extends Error {}

/** Flows one message of a worker brought. */
interface Part {
  keys: Float64Array;
  lens: Int32Array;
  extras: Map<number, unknown>;
  bytes: Uint8Array;
}
