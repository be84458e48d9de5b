/**
 * `--jobs N` in the analyze command: when a run can be sharded (stage A: no Lua checks, no
 * --where, no --view, a json / ndjson / csv report of files), lib/parallel/run.ts runs it over
 * N worker threads (each writing its flows' report bytes as the command's onFlow would) and
 * this module makes the command's result of it; otherwise, or when the parallel run finds
 * that one thread would have done something differently, the command runs one thread (a
 * one-line note on stderr says why).
 */
import { captureInputs } from '../lib/analyze.js';
import type { CustomCategories } from '../lib/classify/categories.js';
import type { CustomProtocols, ProtocolNames } from '../lib/classify/custom-protocols.js';
import { LimitHits, limitWarnings, type LimitName, type Limits } from '../lib/limits.js';
import { runJobs } from '../lib/parallel/run.js';
import { startJobsWorker } from './jobs-worker.js';
import type { AlertDoc } from '../lib/report/doc.js';
import type { ReportOutput } from '../lib/report/output.js';
import { sortRiskTallies, sortTallies, type Summary, type Tally } from '../lib/report/summary.js';
import type { AnalysisResult } from '../lib/result.js';
import type { OutputSettings } from './options.js';

/** The formats a sharded run writes (stage A). */
const SHARDED_FORMATS = ['json', 'ndjson', 'csv'];

/** Why this run cannot be sharded, or null. */
export function unshardable(o: Record<string, unknown>, inputs: string[], st: OutputSettings, checks: number, view: boolean): string | null {
  if (inputs.includes('-')) return 'standard input is read by one thread';
  if (checks > 0) return 'Lua checks run in one thread';
  if (o.where !== undefined) return '--where runs in one thread';
  if (view) return '--view is written by one thread';
  if (!SHARDED_FORMATS.includes(st.format)) return `--format ${st.format} is written by one thread`;
  return null;
}

/** What the command's worker entry (cli/jobs-worker.ts) is given. */
export interface JobsWorkerData {
  argv: Record<string, unknown>;
  /** --max-memory (or the default) ÷ N: each worker's share of the budget. */
  maxMemory: number;
  format: string;
  flows: string;
  render: OutputSettings['render'];
  /** Write the flows' bytes (false with --quiet and no --output). */
  bytes: boolean;
}

/** What a worker's result() gives (cli/jobs-worker.ts). */
export interface JobsWorkerResult {
  summary: Summary;
  limits: Record<string, number>;
  flowsSeen: number;
  /** Dissector errors (their warning names the first one: one thread decides which). */
  dissectorErrors: number;
}

/**
 * What a worker sends with a flow besides its bytes (none when the report does not list it:
 * every listed flow has some): its alerts' documents, if any.
 */
export type FlowExtra = AlertDoc[] | undefined;

export type JobsReport =
  | { ok: true; result: AnalysisResult; summary: Summary; reported: number }
  | { ok: false; why: string; reported: number };

export async function runJobsReport(a: {
  jobs: number;
  inputs: string[];
  argv: Record<string, unknown>;
  st: OutputSettings;
  out: ReportOutput | null;
  limits: Limits;
  protocols: CustomProtocols | undefined;
  categories: CustomCategories | undefined;
  names: ProtocolNames;
  alerts: AlertDoc[];
}): Promise<JobsReport> {
  const { files, warnings: inputWarnings } = await captureInputs(a.inputs);
  const { out, st, limits: lim } = a;
  let reported = 0;
  const data: JobsWorkerData = {
    argv: a.argv,
    maxMemory: Math.floor(lim.maxMemory / a.jobs),
    format: st.format,
    flows: st.flows,
    render: st.render,
    bytes: out !== null,
  };
  const r = await runJobs({
    jobs: a.jobs,
    files,
    worker: new URL('./jobs-worker.js', import.meta.url),
    data,
    // shard 0 in this thread: measured (docs/PERFORMANCE.md), not the default
    local: process.env.FLOWCHECK_JOBS_LOCAL === '1' ? (port, init) => startJobsWorker(port, init, data) : undefined,
    decoder: { fragTimeoutSec: lim.fragTimeoutSec, fragMaxDatagrams: lim.fragMaxDatagrams, fragMaxBytes: lim.fragMaxBytes },
    maxFrame: lim.maxFrame,
    maxFlows: lim.maxFlows,
    onFlow(bytes, extra) {
      const x = extra as FlowExtra;
      if (x !== undefined) for (const d of x) a.alerts.push(d);
      if (bytes.length === 0) return;
      if (out !== null) {
        // a worker writes every flow as a JSON report's second or later (",\n" before it)
        const b = reported === 0 && st.format === 'json' ? bytes.subarray(1) : bytes;
        const w = out.bytes;
        w.room(b.length);
        w.buf.set(b, w.pos);
        w.pos += b.length;
        out.wrote();
      }
      reported++;
    },
  });
  if (!r.ok) return { ok: false, why: r.why, reported };
  const results = r.results as JobsWorkerResult[];
  if (results.some((x) => x.dissectorErrors > 0)) return { ok: false, why: 'a dissector failed', reported };
  const hits = new LimitHits();
  for (const x of results) for (const [k, v] of Object.entries(x.limits)) hits.add(k as LimitName, v);
  hits.add('fragment-datagrams-or-bytes', r.decoder.fragStats.overLimit);
  hits.add('fragment-timeout', r.decoder.fragStats.timedOut);
  // the warnings in analyze()'s order (nothing of what a sharded run leaves out happened)
  const warnings = [...inputWarnings, ...(a.protocols?.warnings ?? []), ...(a.categories?.warnings ?? []), ...r.captureWarnings];
  for (const [lt, n] of Object.entries(r.stats.skippedLinktypes)) warnings.push(`skipped ${n} packet${n === 1 ? '' : 's'} of unsupported link type ${lt}`);
  const d = r.decoder;
  if (d.fragPending > 0) warnings.push(`${d.fragPending} fragmented datagrams (${d.fragPendingFrames} records) still incomplete at the end of the input: not decoded`);
  const limits = hits.toRecord();
  const { ['max-flows']: _mf, ...others } = limits;
  warnings.push(...limitWarnings(others));
  const summary = mergeSummaries(results.map((x) => x.summary));
  const result: AnalysisResult = {
    names: a.names,
    captures: r.captures,
    flows: [],
    stats: r.stats,
    flowsSeen: results.reduce((s, x) => s + x.flowsSeen, 0),
    evictions: 0,
    summary,
    alertedFlows: [],
    alerts: [],
    checkErrors: [],
    checkErrorCount: 0,
    checkErrorFlows: 0,
    warnings,
    limits,
  };
  return { ok: true, result, summary, reported };
}

/** The workers' summaries as one (every part is a sum; the lists sorted as SummaryBuilder sorts them). */
function mergeSummaries(ss: Summary[]): Summary {
  const l4 = new Map<string, Tally>();
  const protos = new Map<string, Tally>();
  const risks = new Map<number, Summary['risks'][number]>();
  const add = (m: Map<string, Tally>, t: Tally): void => {
    const x = m.get(t.name);
    if (x === undefined) m.set(t.name, { ...t });
    else {
      x.flows += t.flows;
      x.packets += t.packets;
      x.bytes += t.bytes;
    }
  };
  let flows = 0;
  let packets = 0;
  let bytes = 0;
  let alertedFlows = 0;
  for (const s of ss) {
    flows += s.flows;
    packets += s.packets;
    bytes += s.bytes;
    alertedFlows += s.alertedFlows;
    for (const t of s.l4) add(l4, t);
    for (const t of s.protocols) add(protos, t);
    for (const r of s.risks) {
      const x = risks.get(r.id);
      if (x === undefined) risks.set(r.id, { ...r });
      else x.flows += r.flows;
    }
  }
  return {
    flows,
    packets,
    bytes,
    l4: sortTallies([...l4.values()]),
    protocols: sortTallies([...protos.values()]),
    topFlows: [],
    alertedFlows,
    risks: sortRiskTallies([...risks.values()]),
  };
}
