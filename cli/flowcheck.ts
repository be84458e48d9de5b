#!/usr/bin/env node
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import type { Argv } from 'yargs';
import { analyze, type AnalyzeOptions, type Progress } from '../lib/analyze.js';
import { CaptureError } from '../lib/capture/types.js';
import { FlowFilter, FlowFilterError } from '../lib/check/filter.js';
import { LocalNetworks, NetworkSpecError } from '../lib/check/networks.js';
import { CheckScriptError, expandCheckSpecs, type CheckSpec } from '../lib/check/runner.js';
import { PROTOCOLS } from '../lib/classify/protocol-table.js';
import { parseCustomProtocols, ProtocolNames, type CustomProtocols } from '../lib/classify/custom-protocols.js';
import { CustomCategories, parseCategoriesFile, parseDomainList } from '../lib/classify/categories.js';
import type { Flow } from '../lib/flow/flow.js';
import { alertsCsv, csvRow, FLOW_COLUMNS, flowCsvRow } from '../lib/report/csv.js';
import type { FlowDoc, ReportDoc } from '../lib/report/doc.js';
import { checkErrorTally, GateError, parseGate, verdict, type Gate, type Verdict } from '../lib/report/gate.js';
import { githubAnnotations, githubSummary } from '../lib/report/github.js';
import { writeFlowJson } from '../lib/report/flow-json.js';
import { alertJson, flowJson, jsonFlow, jsonHead, jsonTail, SCHEMA_VERSION, stringifyReport, trailerJson } from '../lib/report/json.js';
import { MergeError, mergeReports, readReport } from '../lib/report/merge.js';
import { ReportOutput } from '../lib/report/output.js';
import { sarifReport } from '../lib/report/sarif.js';
import { SummaryBuilder } from '../lib/report/summary.js';
import { flowOrder, renderTables, SORT_KEYS, type SortKey } from '../lib/report/table.js';
import { byTime, checkFiles } from '../lib/report/alerts.js';
import { VERSION } from '../lib/version.js';
import { parseRiskSelection, RiskSelectionError } from '../lib/risk/alerts.js';
import { allRisks, riskCheckName, riskKey } from '../lib/risk/risks.js';
import { NO_LISTS, parseJa3List, parseRiskyDomains, parseSha1List, type RiskLists } from '../lib/risk/lists.js';
import { LIMIT_CLI_OPTIONS, limitsFromArgv } from '../lib/limits.js';
import { ConfigError, configPath, loadConfig } from './config.js';

// yargs's CommonJS build: its ES-module build wraps help text with a naive splitter that cuts
// words in two ("config fil|e") and breaks lines well short of the width asked for.
const yargs = createRequire(import.meta.url)('yargs') as typeof import('yargs').default;

/** Exit codes: 0 done, 1 an alert reached --fail-on, 2 usage, input or script error, or check errors under a gate. */
const EXIT_GATE = 1;
const EXIT_USAGE = 2;
const EXIT_CODES =
  'Exit codes: 0 done (no alert reached --fail-on), 1 an alert reached --fail-on, 2 usage, input or script error, ' +
  'or a check error under --fail-on (unless --allow-check-errors) or --strict-checks (the report is still written).';

const FORMATS = ['table', 'json', 'ndjson', 'csv', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];
const FLOWS_MODES = ['all', 'alerted', 'none'] as const;
type FlowsMode = (typeof FLOWS_MODES)[number];

/** Defaults, applied after the config file (command line > config file > these). */
const DEFAULTS: Record<string, unknown> = {
  format: 'table',
  'lua-budget': 10_000_000,
  'lua-memory': 64,
  'lua-time': 100,
  'unsafe-lua': false,
  'ntopng-compat': false,
  'strict-checks': false,
  'max-packets': 32,
  'tcp-timeout': 3600,
  'udp-timeout': 300,
  'other-timeout': 300,
  top: 10,
  sort: 'score',
  quiet: false,
  wide: false,
};

class UsageError extends Error {}

function fail(msg: string): never {
  process.stderr.write(`flowcheck: ${msg}\n`);
  process.exit(EXIT_USAGE);
}

const STDIN_ARG = '\u0000stdin';

function toList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (x === STDIN_ARG ? '-' : String(x)));
}

/** The config file read (if any) and its options. */
interface Config {
  file?: string;
  options: Record<string, unknown>;
}

/**
 * Command line over config file over defaults. A config file read is said on stderr (not
 * with --quiet): options nobody typed must not shape a run unannounced.
 */
function settle(argv: Record<string, unknown>, config: Config): Record<string, unknown> {
  const o: Record<string, unknown> = { ...argv };
  for (const [k, v] of Object.entries(config.options)) if (o[k] === undefined) o[k] = v;
  for (const [k, v] of Object.entries(DEFAULTS)) if (o[k] === undefined) o[k] = v;
  if (config.file !== undefined && !o.quiet) process.stderr.write(`flowcheck: options from ${config.file}\n`);
  return o;
}

function oneOf<T extends string>(name: string, v: unknown, choices: readonly T[]): T {
  const s = String(v);
  if (!(choices as readonly string[]).includes(s)) throw new UsageError(`--${name} ${s}: expected one of ${choices.join(', ')}`);
  return s as T;
}

function positiveInt(name: string, v: unknown): number {
  return numberAtLeast(name, v, 0, true, 'a whole number');
}

/**
 * A numeric option at least `min` (a whole number when `whole`); yargs has already made a
 * non-number NaN, so the message says what was expected rather than echoing it.
 */
function numberAtLeast(name: string, v: unknown, min: number, whole: boolean, what: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) {
    throw new UsageError(`--${name}${Number.isNaN(n) ? '' : ' ' + String(v)}: expected ${what}`);
  }
  return n;
}

/** The analysis options checked before anything is read (a bad one is exit 2, one line). */
function checkAnalysisOptions(o: Record<string, unknown>): void {
  numberAtLeast('max-packets', o['max-packets'], 1, true, 'a whole number of packets, 1 or more');
  if (o['max-flows'] !== undefined) numberAtLeast('max-flows', o['max-flows'], 1, true, 'a whole number of flows, 1 or more');
  for (const t of ['tcp-timeout', 'udp-timeout', 'other-timeout']) numberAtLeast(t, o[t], 0, false, 'seconds, 0 or more');
  numberAtLeast('lua-budget', o['lua-budget'], 1, true, 'a whole number of instructions, 1 or more');
  numberAtLeast('lua-memory', o['lua-memory'], 1, false, 'MiB, 1 or more');
  numberAtLeast('lua-time', o['lua-time'], 1, false, 'milliseconds, 1 or more');
  if (o['local-networks'] !== undefined) new LocalNetworks(String(o['local-networks']).split(',').map((x) => x.trim()).filter(Boolean));
}

/** The report and gate settings shared by analyze and merge. */
interface OutputSettings {
  format: Format;
  flows: FlowsMode;
  /** --flows given (csv: rows are flows instead of alerts). */
  flowsGiven: boolean;
  gate?: Gate;
  /** --allow-check-errors: gate on the alerts alone. */
  allowCheckErrors: boolean;
  /** --strict-checks: any check error is exit 2, gate or not. */
  strict: boolean;
  quiet: boolean;
  output?: string;
  top: number;
  sort: SortKey;
  wide: boolean;
  width?: number;
  color: boolean;
}

function outputSettings(o: Record<string, unknown>): OutputSettings {
  const format = oneOf('format', o.format, FORMATS);
  const flowsGiven = o.flows !== undefined;
  const flows = flowsGiven ? oneOf('flows', o.flows, FLOWS_MODES) : format === 'json' || format === 'ndjson' ? 'all' : 'none';
  let gate: Gate | undefined;
  if (o['fail-on'] !== undefined) {
    try {
      gate = parseGate(o['fail-on'] as string);
    } catch (e) {
      throw new UsageError((e as GateError).message);
    }
  }
  // "-" is stdout (the argument list turned every "-" into the stdin marker)
  const output = o.output === undefined || o.output === '-' || o.output === STDIN_ARG ? undefined : String(o.output);
  const width = o.width !== undefined ? positiveInt('width', o.width) : terminalWidth();
  const allowCheckErrors = !!o['allow-check-errors'];
  const strict = !!o['strict-checks'];
  if (allowCheckErrors && strict) throw new UsageError('--strict-checks and --allow-check-errors contradict each other: give one');
  return {
    format,
    flows,
    flowsGiven,
    gate,
    allowCheckErrors,
    strict,
    quiet: !!o.quiet,
    output,
    top: positiveInt('top', o.top),
    sort: oneOf('sort', o.sort, SORT_KEYS),
    wide: !!o.wide,
    width,
    color: output === undefined && useColor(process.stdout),
  };
}

/** Colour: FORCE_COLOR (not 0/false) forces it, NO_COLOR turns it off, else only on a TTY. */
export function useColor(stream: { isTTY?: boolean }): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (process.env.NO_COLOR) return false;
  if (force !== undefined) return false;
  return !!stream.isTTY;
}

function terminalWidth(): number | undefined {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return env;
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

/** expandCheckSpecs, its error as a usage error (exit 2, one line). */
function expandChecks(specs: CheckSpec[]): CheckSpec[] {
  try {
    return expandCheckSpecs(specs);
  } catch (e) {
    if (e instanceof CheckScriptError) throw new UsageError(e.message);
    throw e;
  }
}

async function runAnalyze(argv: Record<string, unknown>, config: Config): Promise<number> {
  const o = settle(argv, config);
  const inputs = toList(o.inputs);
  if (inputs.length === 0) throw new UsageError('no capture given (try: flowcheck samples/mixed.pcap)');
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('- (stdin) given more than once: standard input can be read only once');
  checkAnalysisOptions(o);
  const st = outputSettings(o);
  // a directory stands for its .lua files: the report and its SARIF rules name each check
  const checks: CheckSpec[] = expandChecks([
    ...toList(o.check).map((file) => ({ file, hook: 'detected' as const })),
    ...toList(o['check-end']).map((file) => ({ file, hook: 'end' as const })),
    ...toList(o['check-periodic']).map((file) => ({ file, hook: 'periodic' as const })),
  ]);
  const localNetworks = o['local-networks'] ? String(o['local-networks']).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const where = o.where !== undefined ? String(o.where) : undefined;
  const protocols = o.protos !== undefined ? loadCustomProtocols(String(o.protos)) : undefined;
  const categories = loadCustomCategories(o.categories, o['domain-lists']);
  const riskLists = loadRiskLists(o);
  const riskAlerts = riskAlertSelection(o);
  const names = new ProtocolNames(protocols);
  // flow.l7_proto_name() in checks and --where also knows the custom protocols
  const protocolName = protocols !== undefined ? (m: number, a: number) => names.l7Name(m, a) : undefined;
  const filter = where !== undefined ? await FlowFilter.create(where, { localNetworks, protocolName }) : null;

  // Where the report goes: nowhere with --quiet unless to a file.
  const out = st.quiet && !st.output ? null : new ReportOutput(st.output);
  const write = (s: string) => out?.write(s);
  const head = { schema_version: SCHEMA_VERSION, tool: { name: 'flowcheck', version: VERSION }, options: reportOptions(o, checks, where) };

  // What the report holds is built here, from the flows that pass --where.
  const summary = new SummaryBuilder(0, names);
  const alerts: Record<string, unknown>[] = [];
  const topN = st.format === 'table' ? st.top : 0;
  const topOrder = liveOrder(st.sort === 'score' ? 'bytes' : st.sort);
  const top: Flow[] = [];
  let first = true;
  if (st.format === 'json') write(jsonHead(head));
  if (st.format === 'csv' && st.flowsGiven) write(csvRow(FLOW_COLUMNS));

  const opts: AnalyzeOptions = {
    inputs,
    keepFlows: false,
    // the alerts are collected from each flow in onFlow below: analyze() need not keep them
    keepAlerts: false,
    topFlows: 0,
    maxPackets: o['max-packets'] as number,
    protocols,
    categories,
    riskLists,
    riskAlerts,
    limits: limitsFromArgv(o, (m) => new UsageError(m)),
    checks,
    checkOptions: {
      budget: o['lua-budget'] as number,
      memoryMax: (o['lua-memory'] as number) * 1024 * 1024,
      timeLimit: o['lua-time'] as number,
      unsafe: o['unsafe-lua'] as boolean,
      compat: o['ntopng-compat'] as boolean,
      // --strict-checks no longer stops at the first error: the run goes on, the report (with
      // every error) is written and the exit code is 2 (finish)
      strict: false,
      localNetworks,
      protocolName,
      stderr: (line) => {
        clearProgress();
        process.stderr.write(line + '\n');
      },
    },
    tracker: {
      maxFlows: o['max-flows'] as number | undefined,
      timeouts: { tcp: o['tcp-timeout'] as number, udp: o['udp-timeout'] as number, other: o['other-timeout'] as number },
    },
    onProgress: progressReporter(),
    onFlow(f: Flow) {
      if (filter && !filter.matches(f)) return;
      summary.addFlow(f);
      for (const a of f.alerts) alerts.push(alertJson(a, f, names));
      const emit = st.flows === 'all' || (st.flows === 'alerted' && f.alerts.length > 0);
      if (emit) {
        if (st.format === 'json' || st.format === 'ndjson') {
          // the flow's JSON bytes straight into the output: no report object or string per
          // flow (the same bytes as jsonFlow(flowJson(f)))
          if (out) {
            const b = out.bytes;
            if (st.format === 'json') b.text(first ? '\n' : ',\n');
            writeFlowJson(b, f, names);
            if (st.format === 'ndjson') b.text('\n');
            out.wrote();
          }
          first = false;
        } else if (st.format === 'csv' && st.flowsGiven) write(flowCsvRow(flowJson(f, names) as unknown as FlowDoc));
      }
      if (topN > 0) keepTop(top, f, topN, topOrder);
    },
  };

  try {
    const result = await analyze(opts);
    clearProgress();
    const whereWarning = filter?.warning();
    if (whereWarning !== undefined) result.warnings.push(whereWarning);
    alerts.sort((a, b) => byTime(a as never, b as never));
    const trailer = trailerJson(result, { summary: summary.build(), alerts });
    const doc = { ...head, flows: [], ...trailer } as unknown as ReportDoc;
    if (st.format === 'json') write(jsonTail(trailer));
    else if (st.format === 'ndjson') for (const a of alerts) write(stringifyReport({ type: 'alert', ...a }) + '\n');
    else if (st.format === 'csv') {
      if (!st.flowsGiven) write(alertsCsv(doc.alerts));
    } else {
      write(render(doc, st, top.map((f) => flowJson(f, names) as unknown as FlowDoc), checks.length > 0, 'a --format json or sarif report of the run'));
    }
    return await finish(out, st, doc);
  } catch (e) {
    clearProgress();
    out?.abort();
    throw e;
  } finally {
    filter?.close();
  }
}

/** Order of the top flows on live Flow objects (no report object per flow on the hot path). */
function liveOrder(key: SortKey): (a: Flow, b: Flow) => number {
  switch (key) {
    case 'score':
      return (a, b) => b.score - a.score || b.bytes - a.bytes || a.id - b.id;
    case 'packets':
      return (a, b) => b.packets - a.packets || b.bytes - a.bytes || a.id - b.id;
    case 'time':
      return (a, b) => a.firstSec - b.firstSec || a.firstNsec - b.firstNsec || a.id - b.id;
    default:
      return (a, b) => b.bytes - a.bytes || a.id - b.id;
  }
}

/** Keeps the best `n` flows by `order` (insertion into a short sorted list). */
function keepTop(top: Flow[], f: Flow, n: number, order: (a: Flow, b: Flow) => number): void {
  if (top.length >= n && order(f, top[top.length - 1]) >= 0) return;
  let i = top.length;
  while (i > 0 && order(f, top[i - 1]) < 0) i--;
  top.splice(i, 0, f);
  if (top.length > n) top.pop();
}

/**
 * Formats rendered from the whole document (not streamed). `fullReport`: where every alert
 * can be read (github's notice about the annotations left out).
 */
function render(doc: ReportDoc, st: OutputSettings, topFlows: FlowDoc[], checks: boolean, fullReport: string): string {
  switch (st.format) {
    case 'sarif':
      return stringifyReport(sarifReport(doc), 2) + '\n';
    case 'github':
      return githubAnnotations(doc.alerts, { checkErrors: doc.check_errors, checkFiles: checkFiles(doc.options), fullReport });
    case 'csv':
      return alertsCsv(doc.alerts);
    default:
      return renderTables(doc, topFlows, { color: st.color, top: st.top, sort: st.sort, width: st.width, wide: st.wide, checks });
  }
}

/** The verdict of a report under the run's gate settings. */
function judge(st: OutputSettings, doc: ReportDoc): Verdict {
  return verdict(st.gate, doc.alerts, checkErrorTally(doc), { allowCheckErrors: st.allowCheckErrors, strict: st.strict });
}

/** Commits the report, prints the verdict and gives the exit code. */
async function finish(out: ReportOutput | null, st: OutputSettings, doc: ReportDoc): Promise<number> {
  const v = judge(st, doc);
  const tell = !!st.gate || v.error;
  // The table on the terminal shows the warnings; any other report is read by a program
  // (or is not read at all with --quiet): the person running it still hears of them.
  if (st.quiet || st.format !== 'table' || st.output) {
    clearProgress();
    for (const w of doc.warnings) process.stderr.write(`flowcheck: warning: ${w}\n`);
  }
  if (st.quiet) {
    await out?.commit();
    process.stdout.write(v.line + '\n');
  } else {
    if (st.format === 'table' && !st.output && tell) out?.write(v.line + '\n');
    await out?.commit();
    if (tell && (st.format !== 'table' || st.output)) process.stderr.write(v.line + '\n');
  }
  if (st.format === 'github') appendStepSummary(doc, v.line);
  // the report is written first: CI uploads it whatever the verdict
  if (v.error) return EXIT_USAGE;
  return v.failed ? EXIT_GATE : 0;
}

/**
 * GitHub Actions' job summary: with --format github, when GITHUB_STEP_SUMMARY names a file,
 * a Markdown summary is appended to it. A file that cannot be written is a warning, not a
 * failed run (the annotations and the gate have been given).
 */
function appendStepSummary(doc: ReportDoc, verdictLine: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, githubSummary(doc, verdictLine));
  } catch (e) {
    process.stderr.write(`flowcheck: warning: GITHUB_STEP_SUMMARY ${file}: cannot append the job summary (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
  }
}

function reportOptions(o: Record<string, unknown>, checks: CheckSpec[], where: string | undefined): Record<string, unknown> {
  const r: Record<string, unknown> = {
    inputs: toList(o.inputs),
    checks: checks.map((c) => ({ file: c.file, hook: c.hook })),
    max_packets: o['max-packets'],
    max_flows: o['max-flows'] ?? null,
    timeouts: { tcp: o['tcp-timeout'], udp: o['udp-timeout'], other: o['other-timeout'] },
  };
  if (o['local-networks'] !== undefined) r.local_networks = String(o['local-networks']).split(',').map((s) => s.trim()).filter(Boolean);
  if (o.protos !== undefined) r.protos = String(o.protos);
  if (o.categories !== undefined) r.categories = String(o.categories);
  if (o['domain-lists'] !== undefined) r.domain_lists = String(o['domain-lists']);
  if (o.risks !== undefined) r.risks = String(o.risks);
  if (o['risk-alerts'] === false) r.risk_alerts = false;
  for (const k of ['risky-domains', 'ja3-blocklist', 'sha1-blocklist']) if (o[k] !== undefined) r[k.replace(/-/g, '_')] = String(o[k]);
  if (where !== undefined) r.where = where;
  if (o['fail-on'] !== undefined) r.fail_on = String(o['fail-on']);
  if (o['ntopng-compat'] === true) r.ntopng_compat = true;
  if (o.flows !== undefined) r.flows = String(o.flows);
  return r;
}

async function runMerge(argv: Record<string, unknown>, config: Config): Promise<number> {
  const o = settle(argv, config);
  const files = toList(o.reports);
  if (files.length === 0) throw new UsageError('merge: no report given (try: flowcheck merge a.json b.json)');
  const st = outputSettings(o);
  const docs = files.map((f) => {
    let text: string;
    try {
      text = f === '-' ? readFileSync(0, 'utf8') : readFileSync(f, 'utf8');
    } catch (e) {
      throw new UsageError(`${f}: ${(e as Error).message}`);
    }
    return readReport(text, f);
  });
  const doc = mergeReports(docs, files);
  const flows = st.flows === 'all' ? doc.flows : st.flows === 'alerted' ? doc.flows.filter((f) => f.alerts.length > 0) : [];
  const out = st.quiet && !st.output ? null : new ReportOutput(st.output);
  try {
    if (st.format === 'json') {
      let s = jsonHead(doc);
      flows.forEach((f, i) => (s += jsonFlow(f, i === 0)));
      const { schema_version: _v, tool: _t, options: _o, flows: _f, ...trailer } = doc;
      out?.write(s + jsonTail(trailer as Record<string, unknown>));
    } else if (st.format === 'ndjson') {
      for (const f of flows) out?.write(stringifyReport(f) + '\n');
      for (const a of doc.alerts) out?.write(stringifyReport({ type: 'alert', ...a }) + '\n');
    } else if (st.format === 'csv' && st.flowsGiven) {
      out?.write(csvRow(FLOW_COLUMNS) + flows.map(flowCsvRow).join(''));
    } else {
      const top = [...doc.flows].sort(flowOrder(st.sort === 'score' ? 'bytes' : st.sort)).slice(0, st.top);
      const checks = Array.isArray(doc.options.checks) && doc.options.checks.length > 0;
      out?.write(render(doc, st, top, checks, files.join(', ')));
    }
    return await finish(out, st, doc);
  } catch (e) {
    out?.abort();
    throw e;
  }
}

// --- progress on stderr: only on a TTY, only once the work takes more than a moment ---
let progressShown = false;
function progressReporter(): ((p: Progress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const start = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - start < 1000 || now - last < 200) return;
    last = now;
    const secs = (now - start) / 1000;
    const pps = Math.round(p.packets / secs);
    const frac = p.total > 0 ? Math.min(1, p.consumed / p.total) : 0;
    const eta = frac > 0 ? Math.max(0, secs / frac - secs) : 0;
    const file = p.files > 1 ? ` [${p.fileIndex + 1}/${p.files}]` : '';
    const filled = Math.round(frac * 20);
    const bar = '█'.repeat(filled) + '░'.repeat(20 - filled);
    const line =
      `${bar} ${(100 * frac).toFixed(1)}%${file} ${(p.consumed / 1e6).toFixed(1)}/${(p.total / 1e6).toFixed(1)} MB, ` +
      `${pps.toLocaleString('en-US')} pkt/s, ETA ${eta.toFixed(0)} s, ${p.alerts} alerts`;
    process.stderr.write(`\r${line}\x1b[K`);
    progressShown = true;
  };
}
function clearProgress(): void {
  if (progressShown) process.stderr.write('\r\x1b[K');
  progressShown = false;
}

function listProtocols(argv: Record<string, unknown>): number {
  const filter = argv.filter ? String(argv.filter).toLowerCase() : '';
  const rows = PROTOCOLS.filter(
    (p) => !filter || p.name.toLowerCase().includes(filter) || p.category.toLowerCase().includes(filter) || String(p.id) === filter,
  );
  if (argv.format === 'json') {
    process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
  } else if (rows.length === 0) {
    // a table of nothing would look like a crash; say so, and that it is not an error
    process.stderr.write(`flowcheck: no protocol matches "${argv.filter}" (by name, category or id)\n`);
  } else {
    for (const p of rows) process.stdout.write(`${String(p.id).padStart(4)}  ${p.name.padEnd(24)} ${p.category}\n`);
  }
  return 0;
}

/** `flowcheck risks [filter]`: nDPI's flow risks, with the names --risks takes. */
function listRisks(argv: Record<string, unknown>): number {
  const filter = argv.filter ? String(argv.filter).toLowerCase() : '';
  const rows = allRisks()
    .map((r) => ({ id: r.id, key: riskKey(r), check: riskCheckName(r), name: r.name, severity: r.severity, score: r.score, client_share_pct: r.clientPct }))
    .filter((r) => !filter || r.key.includes(filter) || r.name.toLowerCase().includes(filter) || String(r.id) === filter || r.severity === filter);
  if (argv.format === 'json') {
    process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
  } else if (rows.length === 0) {
    process.stderr.write(`flowcheck: no risk matches "${argv.filter}" (by name, key, severity or id)\n`);
  } else {
    for (const r of rows) process.stdout.write(`${String(r.id).padStart(3)}  ${r.key.padEnd(40)} ${r.severity.padEnd(7)} ${String(r.score).padStart(3)}  ${r.name}\n`);
  }
  return 0;
}

/** Report and gate options, shared by analyze and merge. */
function reportOptionsOf<T>(y: Argv<T>) {
  return y
    .option('format', { alias: 'f', type: 'string', choices: FORMATS as unknown as string[], describe: 'output format [default: table]' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE (atomically: temporary file, then rename)' })
    .option('flows', { type: 'string', choices: FLOWS_MODES as unknown as string[], describe: 'flows in json/ndjson (default all) or csv rows (default: alerts)' })
    .option('fail-on', { type: 'string', describe: 'exit 1 when an alert reaches SEVERITY (info…emergency) or SCORE (0-255); exit 2 on a check error' })
    .option('allow-check-errors', { type: 'boolean', describe: 'gate on the alerts alone: a check error under --fail-on is reported, not exit 2' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: "print only the gate's verdict line (the report still goes to --output)" })
    .option('top', { type: 'number', describe: 'rows in the alerts and top-flows tables [default: 10]' })
    .option('sort', { type: 'string', choices: SORT_KEYS, describe: 'order of the tables: score (then time), bytes, packets, time [default: score]' })
    .option('wide', { type: 'boolean', describe: 'table cells shown whole, whatever the terminal width' })
    .option('width', { type: 'number', describe: 'table width in columns [default: the terminal, or $COLUMNS]' })
    .option('config', { type: 'string', describe: 'options from a JSON file [default: ./flowcheck.config.json if present]' })
    .option('no-config', { type: 'boolean', describe: 'ignore ./flowcheck.config.json' });
}

async function main(): Promise<void> {
  let code = 0;
  let action: (() => Promise<number> | number) | undefined;
  // yargs drops a lone '-' (stdin) from positionals: carry it through under another name
  const raw = process.argv.slice(2);
  const args = raw.map((a) => (a === '-' ? STDIN_ARG : a));
  const config: Config = { options: {} };
  try {
    const c = configPath(raw);
    if (c.file) {
      config.options = loadConfig(c.file);
      config.file = c.explicit ? c.file : path.relative(process.cwd(), c.file) || c.file;
    }
  } catch (e) {
    fail((e as Error).message);
  }
  const parser = yargs(args)
    .scriptName('flowcheck')
    .usage(
      '$0 [captures..] [options]\n\nStreams capture files (pcap, pcapng, gzip; directories; - for stdin), builds flows, classifies them as nDPI does and runs ntopng-style Lua flow checks.',
    )
    .command(
      ['$0 [inputs..]', 'analyze [inputs..]'],
      'analyze captures (the default command)',
      (y) =>
        reportOptionsOf(y.positional('inputs', { describe: 'capture files, directories or - (stdin)', type: 'string', array: true }))
          .option('check', { alias: 'c', type: 'string', array: true, describe: 'Lua flow check (a file, or a directory of .lua files), run when classification is final' })
          .option('check-end', { type: 'string', array: true, describe: 'Lua flow check, run at flow end with final counters' })
          .option('check-periodic', { type: 'string', array: true, describe: 'Lua flow check, run every 60 s of packet time' })
          .option('where', { type: 'string', describe: "report only flows for which this Lua expression over `flow` is true" })
          .option('local-networks', { type: 'string', describe: 'CIDR list for flow.direction() [default: private, loopback, link-local]' })
          .option('protos', { type: 'string', describe: "custom protocols in nDPI's protos.txt format (ports, hosts, addresses)" })
          .option('categories', { type: 'string', describe: 'custom categories: NAME<TAB>CATEGORY_ID lines (host names, addresses), as ndpiReader -c' })
          .option('domain-lists', { type: 'string', describe: 'directory of <CATEGORY_ID>_<name>.list domain lists, as ndpiReader -G' })
          .option('risks', { type: 'string', describe: "which of nDPI's flow risks become alerts (ndpi/<risk>): all (default), none, or a list (tls_selfsigned_certificate,…; -unidirectional_traffic drops one)" })
          .option('risk-alerts', { type: 'boolean', describe: 'alerts on nDPI flow risks (--no-risk-alerts: none; risks are still reported per flow)' })
          .option('risky-domains', { type: 'string', describe: "risky domain names or suffixes, one a line (nDPI's risky_domains.txt): Risky Domain Name" })
          .option('ja3-blocklist', { type: 'string', describe: "malicious JA3 client fingerprints (abuse.ch CSV, nDPI's ja3_fingerprints.csv): Malicious Fingerprint" })
          .option('sha1-blocklist', { type: 'string', describe: "malicious certificate SHA-1s (abuse.ch CSV, nDPI's sha1_fingerprints.csv): Malicious SSL Cert" })
          .option('lua-budget', { type: 'number', describe: 'Lua instructions per flow and check [default: 10000000]' })
          .option('lua-memory', { type: 'number', describe: 'memory cap per Lua state, MiB [default: 64]' })
          .option('lua-time', { type: 'number', describe: 'time per flow and check, ms of monotonic time [default: 100]' })
          .option('unsafe-lua', { type: 'boolean', describe: 'let checks read Lua files anywhere on the host (require via package.path, dofile, loadfile) and os.getenv (trusted scripts only; never from a config file)' })
          .option('ntopng-compat', { type: 'boolean', describe: "ntopng's code behaviour instead of its documentation's: {} for other protocols' tables, local@remote directions, last triggerAlert wins, score mod 256" })
          .option('strict-checks', { type: 'boolean', describe: 'a check error fails the run (exit 2, the report still written), gate or not' })
          .option('max-packets', { type: 'number', describe: 'packets per flow the classifier inspects [default: 32]' })
          .option('max-flows', { type: 'number', describe: 'bound on concurrent flows (longest-idle ended first)' })
          .option('tcp-timeout', { type: 'number', describe: 'idle timeout of TCP flows, s of packet time [default: 3600]' })
          .option('udp-timeout', { type: 'number', describe: 'idle timeout of UDP flows, s [default: 300]' })
          .option('other-timeout', { type: 'number', describe: 'idle timeout of other flows, s [default: 300]' })
          .options(LIMIT_CLI_OPTIONS)
          .example('$0 samples/mixed.pcap', 'summary, protocols and top flows')
          .example('$0 capture.pcap -c samples/checks/tls-weak.lua --fail-on warning', 'alerts table; exit 1 on a warning or worse')
          .example('$0 capture.pcap --fail-on error --risks=-unidirectional_traffic', "gate on nDPI's high and severe flow risks, one left out")
          .example('$0 capture.pcapng --format json -o report.json', 'JSON report (docs/report.schema.json)')
          .example('$0 capture.pcap -c checks/ --format sarif -o flowcheck.sarif', 'SARIF 2.1.0 for code scanning')
          .example('$0 capture.pcap -c my.lua --format github --fail-on error', 'GitHub Actions annotations and gate')
          .example("$0 capture.pcap -c my.lua --where 'flow.srv_port() ~= 443' -q --fail-on 100", 'gate on part of the traffic, verdict only')
          .epilogue(EXIT_CODES),
      (argv) => {
        action = () => runAnalyze(argv as Record<string, unknown>, config);
      },
    )
    .command(
      'merge <reports..>',
      'combine JSON reports (of captures analysed apart) into one report, with the same gates',
      (y) =>
        reportOptionsOf(y.positional('reports', { describe: 'JSON reports (--format json) or - (stdin)', type: 'string', array: true }))
          .example('$0 merge a.json b.json', 'the alerts and summary of both, as tables')
          .example('$0 merge jobs/*.json --format sarif -o all.sarif --fail-on error', 'one SARIF file, one gate')
          .epilogue(EXIT_CODES),
      (argv) => {
        action = () => runMerge(argv as Record<string, unknown>, config);
      },
    )
    .command(
      'protocols [filter]',
      'list the known protocols (id, name, category)',
      (y) =>
        y
          .positional('filter', { type: 'string', describe: 'substring of name or category, or an id' })
          .option('format', { choices: ['table', 'json'], default: 'table' })
          .example('$0 protocols tls', 'protocols whose name or category contains "tls"')
          .example('$0 protocols 91 --format json', 'one protocol by id, as JSON')
          .epilogue(EXIT_CODES),
      (argv) => {
        action = () => listProtocols(argv as Record<string, unknown>);
      },
    )
    .command(
      'risks [filter]',
      "list nDPI's flow risks (id, name for --risks, severity, score, name as ndpiReader prints it)",
      (y) =>
        y
          .positional('filter', { type: 'string', describe: 'substring of the name, a severity, or an id' })
          .option('format', { choices: ['table', 'json'], default: 'table' })
          .example('$0 risks tls', 'the TLS risks')
          .example('$0 risks high', 'the risks of severity high')
          .epilogue(EXIT_CODES),
      (argv) => {
        action = () => listRisks(argv as Record<string, unknown>);
      },
    )
    .epilogue(EXIT_CODES)
    .version(VERSION)
    .strict()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      fail(`${msg}\nTry 'flowcheck --help'.`);
    });
  await parser.parseAsync(args);
  if (!action) return;
  try {
    code = await action();
  } catch (e) {
    if (
      e instanceof CaptureError ||
      e instanceof CheckScriptError ||
      e instanceof UsageError ||
      e instanceof FlowFilterError ||
      e instanceof MergeError ||
      e instanceof ConfigError ||
      e instanceof GateError
    )
      fail(e.message);
    if (e instanceof NetworkSpecError) fail(`--local-networks: ${e.message}`);
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.path) fail(`${err.path}: ${err.message}`);
    if (process.env.FLOWCHECK_DEBUG) console.error(e);
    fail(`internal error: ${err?.message ?? String(e)}`);
  }
  process.exitCode = code;
}

// `flowcheck … | head`: a closed pipe ends the run quietly
/**
 * A run's live set is bounded (its active flows) while it makes much short-lived garbage; V8
 * then lets the heap grow to ~4x the live set before a full collection. A growth factor of
 * 2.5 keeps peak RSS ~25 % lower for a few % of CPU (docs/PERFORMANCE.md). A flag given to
 * node itself wins.
 */
const HEAP_GROWING = '--heap-growing-percent';
if (![...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith(HEAP_GROWING))) {
  v8.setFlagsFromString(`${HEAP_GROWING}=150`);
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main().catch((e) => fail(`internal error: ${(e as Error).message}`));


/** The block lists of --risky-domains, --ja3-blocklist, --sha1-blocklist (empty when not given). */
function loadRiskLists(o: Record<string, unknown>): RiskLists {
  const read = (opt: string): string | undefined => {
    const f = o[opt];
    if (f === undefined) return undefined;
    try {
      return readFileSync(String(f), 'utf8');
    } catch (e) {
      throw new UsageError(`--${opt}: ${String(f)}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  const rd = read('risky-domains');
  const ja3 = read('ja3-blocklist');
  const sha1 = read('sha1-blocklist');
  if (rd === undefined && ja3 === undefined && sha1 === undefined) return NO_LISTS;
  return {
    riskyDomains: rd !== undefined ? parseRiskyDomains(rd) : NO_LISTS.riskyDomains,
    ja3: ja3 !== undefined ? parseJa3List(ja3) : NO_LISTS.ja3,
    sha1: sha1 !== undefined ? parseSha1List(sha1) : NO_LISTS.sha1,
  };
}

/** --risks and --no-risk-alerts: the risks that become alerts (undefined: all). */
function riskAlertSelection(o: Record<string, unknown>): Set<number> | undefined {
  if (o['risk-alerts'] === false) return new Set();
  if (o.risks === undefined) return undefined;
  try {
    return parseRiskSelection(String(o.risks));
  } catch (e) {
    if (e instanceof RiskSelectionError) throw new UsageError(e.message);
    throw e;
  }
}

/** Reads a custom protocols file (--protos); a bad file is a usage error naming file and line. */
function loadCustomProtocols(file: string): CustomProtocols {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--protos: ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return parseCustomProtocols(text, file);
  } catch (e) {
    throw new UsageError(`--protos: ${(e as Error).message}`);
  }
}

/** Reads --categories FILE and --domain-lists DIR (either may be absent); bad paths are usage errors. */
function loadCustomCategories(file: unknown, dir: unknown): CustomCategories | undefined {
  if (file === undefined && dir === undefined) return undefined;
  const cc = new CustomCategories();
  const read = (p: string, what: string): string => {
    try {
      return readFileSync(p, 'utf8');
    } catch (e) {
      throw new UsageError(`${what}: ${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  if (file !== undefined) parseCategoriesFile(read(String(file), '--categories'), String(file), cc);
  if (dir !== undefined) {
    const d = String(dir);
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      throw new UsageError(`--domain-lists: ${d}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    // files named <CATEGORY_ID>_<name>.list; the rest (README, public suffix list) is not a list
    const lists = names.filter((n) => /^\d+_[^/]*\.list$/.test(n));
    for (const n of lists) parseDomainList(n, read(path.join(d, n), '--domain-lists'), cc);
    if (lists.length === 0) throw new UsageError(`--domain-lists: ${d}: no <CATEGORY_ID>_<name>.list file`);
  }
  return cc;
}
