import { readCapture, listCaptureInputs } from './capture/reader.js';
import { CaptureError, type CaptureFacts, type RecordSink } from './capture/types.js';
import { Decoder, type DecoderOptions } from './decode/decoder.js';
import { DecodeStatus, PacketInfo } from './decode/packet.js';
import type { Alert, Dir, Flow } from './flow/flow.js';
import { FlowTracker, type TrackerOptions } from './flow/tracker.js';
import { Classifier, dissectorErrorWarnings } from './classify/classifier.js';
import type { Dissector } from './classify/dissector.js';
import { ProtocolNames, type CustomProtocols } from './classify/custom-protocols.js';
import type { AnalysisResult } from './result.js';
import { IpLists } from './classify/ip-lists.js';
import type { CustomCategories } from './classify/categories.js';
import { CheckRunner, MAX_ALERTS_PER_RUN, type CheckOptions, type CheckSpec } from './check/runner.js';
import { SummaryBuilder } from './report/summary.js';
import { computeRisks } from './risk/compute.js';
import { icmpFirstPacket } from './risk/packet.js';
import { dnsMessage, dnsPorts, type DnsFlowState } from './risk/dns-packet.js';
import { entropyEnd, entropyPacket, newEntropyScratch, newEntropyState, type EntropyFlowState } from './risk/entropy.js';
import { NO_LISTS, type RiskLists } from './risk/lists.js';
import type { DgaMemo } from './risk/dga.js';
import { allRiskIds, mergeAlerts, raiseRiskAlerts } from './risk/alerts.js';
import type { TimelineBuilder } from './report/timeline.js';
import { DEFAULT_LIMITS, LimitHits, limitWarnings, type Limits } from './limits.js';
import { MemoryBudget } from './flow/memory.js';

export interface AnalyzeOptions {
  /** Capture files, directories (read recursively) or '-' for stdin. */
  inputs: string[];
  /** Packets per flow the dissectors see (nDPI's tests use 32). */
  maxPackets?: number;
  /** Lua checks and their hooks. */
  checks?: CheckSpec[];
  checkOptions?: CheckOptions;
  tracker?: TrackerOptions;
  decoder?: DecoderOptions;
  /** Keep every ended flow in the result (default true; off for streaming output). */
  keepFlows?: boolean;
  /**
   * Keep the built-in risk alerts and the flows with alerts in the result (`alerts`,
   * `alertedFlows`; default true). Off for a caller that collects them in onFlow (the CLI):
   * an alerted flow is then dropped when it ends, like any other.
   */
  keepAlerts?: boolean;
  /** Called for each flow as it ends (ndjson, streamed JSON). */
  onFlow?: (flow: Flow) => void;
  /** Progress: bytes consumed of the current file, its size, packets so far. */
  onProgress?: (p: Progress) => void;
  /** How many top flows by bytes the summary keeps. */
  topFlows?: number;
  /**
   * Resource limits (lib/limits.ts; defaults DEFAULT_LIMITS). `maxPackets`, `tracker`,
   * `decoder` and `checkOptions` given explicitly take precedence over these.
   * Every limit belongs to the run (concurrent analyses do not share them).
   */
  /** Custom protocols (nDPI's protos.txt format; parseCustomProtocols). */
  protocols?: CustomProtocols;
  /** Custom categories (ndpiReader's -c FILE and -G DIR; lib/classify/categories.ts). */
  categories?: CustomCategories;
  /** false: do not look flows up in nDPI's address lists (no ip_protocol, no Match by IP). */
  addressLists?: boolean;
  limits?: Partial<Limits>;
  /** The block lists risks are checked against (--risky-domains, --ja3-blocklist, --sha1-blocklist). */
  riskLists?: RiskLists;
  /**
   * The risks that become built-in alerts (`ndpi/<risk>`; parseRiskSelection); default all,
   * an empty set for none. Risks are computed and reported either way.
   */
  riskAlerts?: ReadonlySet<number>;
  /**
   * false: compute no risk at all (no packet-time risk reading, no end-of-flow pass, no risk
   * alerts) — for measuring what risks cost (scripts/bench-risks.ts); the CLI always computes them.
   */
  risks?: boolean;
  /** Counts packets, new flows and alerts per interval of packet time (--view timeline, html). */
  timeline?: TimelineBuilder;
  /** The dissectors to run, in order (default: the registry, lib/classify/protocols/index.ts). */
  dissectors?: readonly Dissector[];
  /**
   * Decoded packets from the caller instead of `inputs` (a `--jobs N` worker, lib/parallel/):
   * called once with the run's pipeline; the run ends (tracker.finish()) when it resolves.
   */
  feed?: (ctl: FeedControl) => Promise<void>;
}

/** The pipeline as a `feed` drives it. */
export interface FeedControl {
  readonly tracker: FlowTracker;
  readonly classifier: Classifier;
  /** One decoded packet (counted as an IP packet; the memory budget is not checked). */
  packet(pkt: PacketInfo): void;
  /** The memory budget's check (analyze() runs it every 256 packets). */
  memoryCheck(): void;
  /** The memory budget stopped the run (MemoryStop's message), or null. */
  stopped(): string | null;
}

export interface Progress {
  file: string;
  fileIndex: number;
  files: number;
  consumed: number;
  total: number;
  packets: number;
  alerts: number;
}

export type { AnalysisResult, DecodeStats } from './result.js';

/**
 * The pipeline: capture → decode → flow → classify → check. Streams each input once;
 * flows that end are handed to `onFlow` and kept only if asked, so memory follows the
 * number of concurrent flows, not the size of the capture.
 */
export async function analyze(opts: AnalyzeOptions): Promise<AnalysisResult> {
  const { files, warnings } = opts.feed !== undefined ? { files: [], warnings: [] } : await captureInputs(opts.inputs);
  const lim: Limits = { ...DEFAULT_LIMITS, ...definedOnly(opts.limits) };
  const checkOptions = { budget: lim.luaInstructions, memoryMax: lim.luaMemoryBytes, ...definedOnly(opts.checkOptions) };
  const checks = opts.checks && opts.checks.length > 0 ? await CheckRunner.create(opts.checks, checkOptions) : null;
  try {
    return await run(files, opts, checks, lim, warnings);
  } finally {
    checks?.close();
  }
}

/**
 * The capture files of `inputs` (directories read recursively) and the warnings about what
 * else the directories held; a CaptureError when there is none.
 */
export async function captureInputs(inputs: string[]): Promise<{ files: string[]; warnings: string[] }> {
  const skipped: string[] = [];
  const dirWarnings: string[] = [];
  const files = await listCaptureInputs(inputs, skipped, dirWarnings);
  if (files.length === 0) {
    const why = dirWarnings.length === 0 ? '' : ` (${dirWarnings[0]}${dirWarnings.length > 1 ? `; +${dirWarnings.length - 1} more` : ''})`;
    throw new CaptureError(inputs.join(' '), 0, `no capture files found${why}`);
  }
  return { files, warnings: [...dirWarnings, ...skippedWarnings(skipped)] };
}

/** The risk pass's state of a TCP/UDP flow while it is inspected (Flow.riskState). */
interface RiskPassState {
  /** From the first payload of a flow without its protocol yet. */
  entropy: EntropyFlowState | undefined;
  /** UDP DNS flows only. */
  dns: DnsFlowState | undefined;
}

function riskStateOf(flow: Flow): RiskPassState {
  let rs = flow.riskState as RiskPassState | undefined;
  if (rs === undefined) flow.riskState = rs = { entropy: undefined, dns: undefined };
  return rs;
}

/** The object without its undefined properties (so they do not override defaults). */
function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  const r: Partial<T> = {};
  if (o) for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  return r;
}

/** What the directories held that is not a capture (named, the first few), as warnings. */
function skippedWarnings(skipped: string[]): string[] {
  if (skipped.length === 0) return [];
  const MAX_NAMED = 5;
  const named = skipped.slice(0, MAX_NAMED).join(', ') + (skipped.length > MAX_NAMED ? `, +${skipped.length - MAX_NAMED} more` : '');
  return [`skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} in the input directories that ${skipped.length === 1 ? 'is' : 'are'} not a capture: ${named}`];
}

async function run(files: string[], opts: AnalyzeOptions, checks: CheckRunner | null, lim: Limits, inputWarnings: string[]): Promise<AnalysisResult> {
  const hits = new LimitHits();
  const keep = opts.keepFlows ?? true;
  const timeline = opts.timeline;
  const flows: Flow[] = [];
  const alertedFlows: Flow[] = [];
  const names = new ProtocolNames(opts.protocols);
  const summary = new SummaryBuilder(opts.topFlows ?? 10, names);
  const decoder = new Decoder({
    fragTimeoutSec: lim.fragTimeoutSec,
    fragMaxDatagrams: lim.fragMaxDatagrams,
    fragMaxBytes: lim.fragMaxBytes,
    ...definedOnly(opts.decoder),
  });
  const pkt = new PacketInfo();
  const riskLists = opts.riskLists ?? NO_LISTS;
  const riskSelection = opts.riskAlerts ?? allRiskIds();
  const riskAlerts: Alert[] = [];
  const risks = opts.risks ?? true;
  const keepAlerts = opts.keepAlerts ?? true;
  // risk alerts not kept (keepAlerts off): raised into this list, counted, then dropped
  const unkeptAlerts: Alert[] = [];
  let unkeptAlertCount = 0;
  const entropyScratch = newEntropyScratch();
  const dgaMemo: DgaMemo = new Map();
  const runDetected = checks?.hasHook('detected') ?? false;
  const runEnd = checks?.hasHook('end') ?? false;
  const runPeriodic = checks?.hasHook('periodic') ?? false;
  const memory = new MemoryBudget(lim.maxMemory);

  // the detected hook runs once per flow: when classification is final, else at flow end
  const detectedHook = (flow: Flow): void => {
    if (runDetected && !flow.detectedHookDone) {
      flow.detectedHookDone = true;
      checks!.run(flow, 'detected', flow.lastSec, flow.lastNsec);
    }
  };
  const classifier = new Classifier(
    {
      maxPackets: opts.maxPackets ?? lim.maxPackets,
      custom: opts.protocols,
      categories: opts.categories,
      ipLists: opts.addressLists === false ? IpLists.none() : undefined,
      limits: lim,
      limitHits: hits,
    },
    detectedHook,
    opts.dissectors,
  );

  const tracker = new FlowTracker(
    {
      inspect(flow: Flow, dir: Dir, p: PacketInfo, data: Uint8Array, off: number, len: number) {
        // ICMP risks are in the first packet's bytes (nDPI decides ICMP on it)
        if (risks && flow.inspected === 1 && (p.proto === 1 || p.proto === 58)) icmpFirstPacket(flow, p.icmpType, p.icmpCode, data, off, len, len + 8);
        // DNS risks are in each message (UDP: one message a packet)
        else if (risks && p.proto === 17 && len > 0 && dnsPorts(p.sport, p.dport)) {
          const rs = riskStateOf(flow);
          let st = rs.dns;
          if (st === undefined) rs.dns = st = { messages: 0, valid: false, done: false };
          dnsMessage(flow, st, false, p.sport, p.dport, data, off, len, p.frames > 1);
        }
        // payload entropy: each packet nDPI inspects until the protocol is found (entropy.ts)
        const hadProtocol = flow.l7Master !== 0 || flow.l7App !== 0;
        classifier.inspect(flow, dir, p, data, off, len);
        // metadata comes from payload only; the first look counts the flow's TCP state
        if (len > 0 || flow.memBytes === 0) memory.measure(flow);
        // (a flow that had its protocol before this packet is no longer looked at: entropyPacket)
        if (risks && !hadProtocol && (p.proto === 6 || p.proto === 17)) {
          let es = (flow.riskState as RiskPassState | undefined)?.entropy;
          // no state before the first payload nDPI would look at: an empty packet before it changes nothing
          if (es === undefined && p.payloadLen > 0) riskStateOf(flow).entropy = es = newEntropyState(entropyScratch);
          if (es !== undefined) entropyPacket(flow, es, hadProtocol, p.payload, p.payloadOff, p.payloadLen);
        }
      },
      periodic: runPeriodic ? (flow, sec, nsec) => checks!.run(flow, 'periodic', sec, nsec) : undefined,
      ended(flow: Flow) {
        if (!flow.classified) classifier.end(flow);
        const rs = flow.riskState as RiskPassState | undefined;
        if (rs !== undefined) {
          if (rs.entropy !== undefined) entropyEnd(flow, rs.entropy);
          flow.riskState = undefined;
        }
        if (risks) computeRisks(flow, riskLists, opts.categories, dgaMemo);
        if (flow.risks !== null) {
          if (keepAlerts) raiseRiskAlerts(flow, riskSelection, riskAlerts);
          else {
            unkeptAlertCount += raiseRiskAlerts(flow, riskSelection, unkeptAlerts);
            unkeptAlerts.length = 0;
          }
        }
        detectedHook(flow);
        if (runEnd) checks!.run(flow, 'end', flow.lastSec, flow.lastNsec);
        if (keepAlerts && flow.alerts.length > 0) alertedFlows.push(flow);
        if (timeline) {
          timeline.flow(flow.firstSec, flow.firstNsec);
          for (const a of flow.alerts) timeline.alert(a.tsSec, a.tsNsec);
        }
        memory.ended(flow, keep || (keepAlerts && flow.alerts.length > 0));
        summary.addFlow(flow);
        opts.onFlow?.(flow);
        if (keep) flows.push(flow);
      },
    },
    {
      maxFlows: Number.isFinite(lim.maxFlows) ? lim.maxFlows : undefined,
      streamLimit: lim.tcpStreamBytes,
      streamTotalLimit: lim.tcpTotalBytes,
      ...definedOnly(opts.tracker),
      periodicSec: runPeriodic ? (opts.tracker?.periodicSec ?? 60) : 0,
    },
  );

  let packets = 0;
  // a double field updated in place: a `let` the closures share was a new heap number at each
  // packet's `+=` (~13 bytes of garbage a packet)
  const recorded = { bytes: -0 };
  recorded.bytes = 0;
  let ipPackets = 0;
  let malformed = 0;
  // the memory budget: checked every 256 packets (the estimate, and the heap's size after the last full collection)
  const sb = tracker.streamBudget;
  let stop: MemoryStop | null = null;
  const abort = new AbortController();
  const memoryCheck = (): void => {
    let est = memory.estimate(tracker.activeFlows, sb.held);
    const excess = memory.heapExcess(est);
    if (!memory.over(est) && excess === 0) return;
    // the heap is near V8's limit whatever the estimate says: flows go until the estimate has shed the excess
    const goal = est - excess;
    while (est > goal && tracker.endLongestIdle('memory')) {
      memory.flowsEnded++;
      est = memory.estimate(tracker.activeFlows, sb.held);
    }
    while (est > memory.target && tracker.endLongestIdle('memory')) {
      memory.flowsEnded++;
      est = memory.estimate(tracker.activeFlows, sb.held);
    }
    if (memory.heapExhausted(est, tracker.activeFlows)) stop = MemoryStop.heap(tracker.capture, packets, memory.heapLive, memory.heapLimit, tracker.activeFlows);
    else if (memory.exhausted(est)) stop = MemoryStop.budget(tracker.capture, packets, est, memory.limit);
    if (stop !== null) abort.abort(stop);
  };
  // interface.getStats() in checks: the counters so far
  checks?.setInterfaceStats(() => ({ packets, bytes: recorded.bytes, ip_packets: ipPackets, flows: tracker.flowsSeen }));
  const sink: RecordSink = {
    onRecord(data, offset, caplen, wirelen, tsSec, tsNsec, linktype) {
      if (stop !== null) return;
      packets++;
      recorded.bytes += wirelen;
      timeline?.packet(tsSec, tsNsec, wirelen);
      const st = decoder.decode(data, offset, caplen, wirelen, linktype, tsSec, tsNsec, pkt);
      if (st === DecodeStatus.Ok) {
        ipPackets++;
        tracker.packet(pkt);
        if ((packets & 255) === 0) memoryCheck();
      } else if (st === DecodeStatus.Malformed) {
        malformed++;
      }
    },
  };

  const captures: CaptureFacts[] = [];
  const warnings: string[] = [...inputWarnings, ...(opts.protocols?.warnings ?? []), ...(opts.categories?.warnings ?? [])];
  if (opts.feed !== undefined) {
    await opts.feed({
      tracker,
      classifier,
      packet(p) {
        ipPackets++;
        tracker.packet(p);
      },
      memoryCheck,
      stopped: () => (stop as MemoryStop | null)?.message ?? null,
    });
  }
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    tracker.capture = file;
    const onProgress = opts.onProgress;
    let facts: CaptureFacts;
    try {
      facts = await readCapture(file, sink, {
      maxFrame: lim.maxFrame,
      signal: abort.signal,
      onProgress: onProgress
        ? (consumed, total) =>
            onProgress({ file, fileIndex: i, files: files.length, consumed, total, packets, alerts: (checks?.alerts.length ?? 0) + riskAlerts.length + unkeptAlertCount })
        : undefined,
      });
    } catch (e) {
      if (e !== stop || stop === null) {
        memory.close();
        throw e;
      }
      break;
    }
    captures.push(facts);
    warnings.push(...facts.warnings);
  }
  memory.close();
  tracker.finish();

  const stats = decoder.stats({ packets, bytes: recorded.bytes, ipPackets, malformed });
  for (const [lt, n] of Object.entries(stats.skippedLinktypes)) warnings.push(`skipped ${n} packet${n === 1 ? '' : 's'} of unsupported link type ${lt}`);
  if (checks && checks.droppedAlerts > 0) {
    warnings.push(`checks raised more than ${MAX_ALERTS_PER_RUN} alerts on one flow: ${checks.droppedAlerts} alerts counted, not kept`);
  }
  if (tracker.evictions > 0) warnings.push(`flow table full (--max-flows): ${tracker.evictions} flow${tracker.evictions === 1 ? '' : 's'} ended early`);
  if (decoder.fragPending > 0) {
    warnings.push(`${decoder.fragPending} fragmented datagrams (${decoder.fragPendingFrames} records) still incomplete at the end of the input: not decoded`);
  }
  warnings.push(...dissectorErrorWarnings(classifier.dissectorErrors));
  hits.add('fragment-datagrams-or-bytes', decoder.fragStats.overLimit);
  hits.add('fragment-timeout', decoder.fragStats.timedOut);
  hits.add('tcp-stream-bytes', sb.overStream);
  hits.add('tcp-out-of-order-segments', sb.overPending);
  hits.add('tcp-total-bytes', sb.overTotal);
  hits.add('max-flows', tracker.evictions);
  hits.add('memory', memory.flowsEnded);
  hits.add('metadata-length', memory.stringsCut);
  const stopped = stop as MemoryStop | null;
  if (stopped !== null) warnings.push(stopped.message);
  // by kind from the runner's counters: `errors` keeps only the first ones
  hits.add('lua-instructions', checks?.errorsByKind.budget ?? 0);
  hits.add('lua-memory', checks?.errorsByKind.memory ?? 0);
  hits.add('lua-time', checks?.errorsByKind.time ?? 0);
  const limits = hits.toRecord();
  // max-flows already has its own warning line above
  const { ['max-flows']: _mf, ...others } = limits;
  warnings.push(...limitWarnings(others));

  const alerts = checks ? mergeAlerts(riskAlerts, checks.alerts) : riskAlerts;

  return {
    names,
    captures,
    flows,
    stats,
    flowsSeen: tracker.flowsSeen,
    evictions: tracker.evictions,
    summary: summary.build(),
    alertedFlows,
    alerts,
    checkErrors: checks ? checks.errors : [],
    checkErrorCount: checks ? checks.errorCount : 0,
    checkErrorFlows: checks ? checks.errorFlowCount : 0,
    warnings,
    limits,
    memoryStop: stopped?.message,
  };
}

/**
 * The memory budget could not be kept by ending flows (what the run keeps for the report —
 * alerts — fills it): the reading stops; the result holds everything before it.
 */
class MemoryStop extends Error {
  /** What the run keeps for the report fills the budget's estimate with every flow ended. */
  static budget(file: string, packets: number, estimate: number, limit: number): MemoryStop {
    return new MemoryStop(`memory budget exhausted (--max-memory ${mib(limit)}): ${where(file)}: stopped after packet ${packets} with every flow ended and ${mib(estimate)} still held (alerts and report data); the report covers the input before it`);
  }

  /** V8's heap after a full collection is near its limit (past what ending flows could bring back). */
  static heap(file: string, packets: number, used: number, heapLimit: number, liveFlows: number): MemoryStop {
    const flows = liveFlows === 0 ? 'with every flow ended' : `with ${liveFlows} flows still live`;
    return new MemoryStop(`memory budget exhausted (V8's heap: ${mib(used)} live of its ${mib(heapLimit)} limit): ${where(file)}: stopped after packet ${packets} ${flows}; the report covers the input before it`);
  }
}

const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
const where = (file: string) => (file === '-' ? 'standard input' : file);
