/**
 * `flowcheck [analyze] captures..`: reads the captures through the pipeline (lib/analyze.ts)
 * and writes the report as flows end (the format's writer, lib/report/formats.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import { analyze, type AnalyzeOptions, type Progress } from '../../lib/analyze.js';
import { FlowFilter } from '../../lib/check/filter.js';
import { LocalNetworks } from '../../lib/check/networks.js';
import { CheckScriptError, expandCheckSpecs, type CheckSpec } from '../../lib/check/runner.js';
import { CustomCategories, parseCategoriesFile, parseDomainList } from '../../lib/classify/categories.js';
import { parseCustomProtocols, ProtocolNames, type CustomProtocols } from '../../lib/classify/custom-protocols.js';
import { communityId } from '../../lib/flow/community-id.js';
import type { Flow } from '../../lib/flow/flow.js';
import { DEFAULT_LIMITS, LIMIT_CLI_OPTIONS, limitsFromArgv } from '../../lib/limits.js';
import { sortByTime } from '../../lib/report/alerts.js';
import type { ReportDoc, ReportHead } from '../../lib/report/doc.js';
import { flowJson, SCHEMA_VERSION, trailerJson } from '../../lib/report/json.js';
import { keepAlerts, type KeptAlert } from '../../lib/report/kept-alerts.js';
import { SummaryBuilder } from '../../lib/report/summary.js';
import type { SortKey } from '../../lib/report/table.js';
import { HostsBuilder } from '../../lib/report/hosts.js';
import { TimelineBuilder } from '../../lib/report/timeline.js';
import { VIEW_FORMATS, VIEW_NAMES, VIEWS, type ViewName } from '../../lib/report/views.js';
import { liveFlow, type ReportFormat, type ViewData } from '../../lib/report/writer.js';
import type { FlowDoc } from '../../lib/report/doc.js';
import { terminalSafe } from '../../lib/report/text-safe.js';
import { NO_LISTS, parseJa3List, parseRiskyDomains, parseSha1List, type RiskLists } from '../../lib/risk/lists.js';
import { parseRiskSelection, RiskSelectionError } from '../../lib/risk/alerts.js';
import { VERSION } from '../../lib/version.js';
import { examplesEpilogue, numberAtLeast, outputSettings, reportOptions, settle, toList, UsageError, type Config } from '../options.js';
import { ReportRun, say } from '../report.js';
import { runJobsReport, unshardable, type JobsReport } from '../jobs.js';
import { needsBiggerHeap, rerunWithHeap } from '../heap.js';
import { parseSize } from '../../lib/flow/memory.js';

export const command = ['$0 [inputs..]', 'analyze [inputs..]'];
export const describe = 'analyze captures (the default command)';

export function builder<T>(y: Argv<T>) {
  return reportOptions(y.positional('inputs', { describe: 'capture files, directories or - (stdin)', type: 'string', array: true }))
    .option('view', { type: 'string', choices: [...VIEW_NAMES], describe: 'instead of the report: per-host totals, traffic per interval, or one flow in detail (--flow ID); table or json' })
    .option('flow', { type: 'number', describe: 'the flow of --view flow, by its id (the JSON report\'s flows[].id)' })
    .option('interval', { type: 'number', describe: 'seconds per row of --view timeline [default: chosen for at most 60 rows]' })
    .option('html-flows', { type: 'number', describe: 'flows in the flows table of --format html (the first by id) [default: 1000]' })
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
    .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads sharing the analysis (the report is the same bytes); runs it cannot share yet (Lua checks, --where, --view, formats other than json/ndjson/csv, stdin) use one, with a note on stderr [default: 1]' })
    .option('max-packets', { type: 'number', describe: 'packets per flow the classifier inspects [default: 32]' })
    .option('max-flows', { type: 'number', describe: 'bound on concurrent flows (longest-idle ended first)' })
    .option('max-memory', {
      type: 'string',
      describe: 'memory budget (2G, 512M, bytes): near it the longest-idle flows end (reason memory); when that is not enough, exit 2 with the report so far [default: 1/4 of RAM, at most 3/4 of V8\'s heap]',
    })
    .option('tcp-timeout', { type: 'number', describe: 'idle timeout of TCP flows, s of packet time [default: 3600]' })
    .option('udp-timeout', { type: 'number', describe: 'idle timeout of UDP flows, s [default: 300]' })
    .option('other-timeout', { type: 'number', describe: 'idle timeout of other flows, s [default: 300]' })
    .options(LIMIT_CLI_OPTIONS)
    .epilogue(
      examplesEpilogue([
        ['$0 samples/mixed.pcap', 'summary, protocols and top flows'],
        ['$0 capture.pcap -c samples/checks/tls-weak.lua --fail-on warning', 'alerts table; exit 1 on a warning or worse'],
        ['$0 capture.pcap --fail-on error --risks=-unidirectional_traffic', "gate on nDPI's high and severe flow risks, one left out"],
        ['$0 capture.pcapng --format json -o report.json', 'JSON report (docs/report.schema.json)'],
        ['$0 capture.pcap -c checks/ --format sarif -o flowcheck.sarif', 'SARIF 2.1.0 for code scanning'],
        ['$0 capture.pcap -c my.lua --format github --fail-on error', 'GitHub Actions annotations and gate'],
        ["$0 capture.pcap --where 'flow.srv_port() ~= 443' -q --fail-on 100", 'gate on part of the traffic, verdict only'],
      ]),
    );
}

/** The analysis options checked before anything is read (a bad one is exit 2, one line). */
function checkAnalysisOptions(o: Record<string, unknown>): void {
  numberAtLeast('max-packets', o['max-packets'], 1, true, 'a whole number of packets, 1 or more');
  if (o.jobs !== undefined) numberAtLeast('jobs', o.jobs, 1, true, 'a whole number of threads, 1 or more');
  if (o['max-flows'] !== undefined) numberAtLeast('max-flows', o['max-flows'], 1, true, 'a whole number of flows, 1 or more');
  for (const t of ['tcp-timeout', 'udp-timeout', 'other-timeout']) numberAtLeast(t, o[t], 0, false, 'seconds, 0 or more');
  numberAtLeast('lua-budget', o['lua-budget'], 1, true, 'a whole number of instructions, 1 or more');
  numberAtLeast('lua-memory', o['lua-memory'], 1, false, 'MiB, 1 or more');
  numberAtLeast('lua-time', o['lua-time'], 1, false, 'milliseconds, 1 or more');
  if (o.flow !== undefined) numberAtLeast('flow', o.flow, 1, true, 'a flow id, 1 or more');
  if (o.interval !== undefined) numberAtLeast('interval', o.interval, 0.001, false, 'seconds, 0.001 or more');
  if (o['html-flows'] !== undefined) numberAtLeast('html-flows', o['html-flows'], 0, true, 'a whole number of flows');
  maxMemory(o);
  if (o['local-networks'] !== undefined) new LocalNetworks(String(o['local-networks']).split(',').map((x) => x.trim()).filter(Boolean));
}

/** The object without its undefined properties (so they do not override defaults). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** --max-memory in bytes (undefined: the default); at least 16 MiB. */
function maxMemory(o: Record<string, unknown>): number | undefined {
  const v = o['max-memory'];
  if (v === undefined) return undefined;
  const n = parseSize(String(v));
  if (!(n >= 16 * 2 ** 20)) throw new UsageError(`--max-memory ${String(v)}: expected a size of 16M or more (2G, 512M, or bytes)`);
  return n;
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

export async function run(argv: Record<string, unknown>, config: Config): Promise<number> {
  const o = settle(argv, config);
  const inputs = toList(o.inputs);
  if (inputs.length === 0) throw new UsageError('no capture given (try: flowcheck samples/mixed.pcap)');
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('- (stdin) given more than once: standard input can be read only once');
  checkAnalysisOptions(o);
  const st = outputSettings(o);
  // a budget beyond what this heap holds: the same command in a node with a bigger heap (cli/heap.ts)
  const budget = maxMemory(o);
  if (budget !== undefined && needsBiggerHeap(budget)) return rerunWithHeap(budget);
  // a directory stands for its .lua files: the report and its SARIF rules name each check
  const checks: CheckSpec[] = expandChecks([
    ...toList(o.check).map((file) => ({ file, hook: 'detected' as const })),
    ...toList(o['check-end']).map((file) => ({ file, hook: 'end' as const })),
    ...toList(o['check-periodic']).map((file) => ({ file, hook: 'periodic' as const })),
  ]);
  const localNetworks = o['local-networks'] ? String(o['local-networks']).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const where = o.where !== undefined ? String(o.where) : undefined;
  const classifying = classifyOptions(o, budget);
  const { protocols, categories } = classifying;
  const names = new ProtocolNames(protocols);
  // flow.l7_proto_name() in checks and --where also knows the custom protocols
  const protocolName = protocols !== undefined ? (m: number, a: number) => names.l7Name(m, a) : undefined;
  const view = chooseView(o, st.format);
  const progress = new ProgressLine();
  // a check's print() (and the filter's): its text shown escaped, never driving the terminal
  const stderr = (line: string) => {
    progress.clear();
    process.stderr.write(terminalSafe(line) + '\n');
  };
  const filter = where !== undefined ? await FlowFilter.create(where, { localNetworks, protocolName, stderr }) : null;

  let report: ReportRun;
  try {
    report = new ReportRun(st, () => progress.clear(), view);
  } catch (e) {
    filter?.close();
    throw e;
  }
  const { out, format } = report;
  const head: ReportHead = { schema_version: SCHEMA_VERSION, tool: { name: 'flowcheck', version: VERSION }, options: reportOptionsJson(o, checks, where) };

  // What the report holds is built here, from the flows that pass --where.
  const summary = new SummaryBuilder(0, names);
  const alerts: KeptAlert[] = [];
  const topN = format.topFlows ? st.render.top : 0;
  const topOrder = liveOrder(st.render.sort === 'score' ? 'bytes' : st.render.sort);
  const top: Flow[] = [];
  let reported = 0;
  // the first flows of the report already written (a --jobs run that went back to one thread)
  let written = 0;
  if (out) format.begin?.(out, head, st.render);
  // what a view or the html format draws besides the report, gathered as flows end
  const needs = format.needs ?? {};
  const hosts = needs.hosts ? new HostsBuilder() : null;
  const timeline = needs.timeline ? new TimelineBuilder((o.interval as number | undefined) ?? 1) : undefined;
  const firstFlows: Flow[] = [];
  const firstN = needs.flows ? ((o['html-flows'] as number | undefined) ?? 1000) : 0;
  const wantedFlow = needs.flow ? (o.flow as number) : 0;
  let detail: FlowDoc | null = null;

  const opts: AnalyzeOptions = {
    inputs,
    keepFlows: false,
    // the alerts are collected from each flow in onFlow below: analyze() need not keep them
    keepAlerts: false,
    topFlows: 0,
    ...classifying,
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
      stderr,
    },
    onProgress: progress.reporter(),
    timeline,
    onFlow(f: Flow) {
      if (filter && !filter.matches(f)) return;
      summary.addFlow(f);
      if (hosts) hosts.add({ cli: f.cliAddr(), srv: f.srvAddr(), cli2srvPackets: f.cli2srvPackets, cli2srvBytes: f.cli2srvBytes, srv2cliPackets: f.srv2cliPackets, srv2cliBytes: f.srv2cliBytes, protocol: names.l7Name(f.l7Master, f.l7App), alerts: f.alerts.length });
      if (firstN > 0) keepTop(firstFlows, f, firstN, byId);
      if (f.id === wantedFlow) detail = flowJson(f, names) as FlowDoc;
      // kept small until the end (one record of the flow for all its alerts): kept-alerts.ts;
      // its Community ID hashed once for them and the flow's JSON
      const community = f.alerts.length > 0 ? communityId(f) : undefined;
      if (community !== undefined) keepAlerts(f, names, alerts, community);
      const emit = st.flows === 'all' || (st.flows === 'alerted' && f.alerts.length > 0);
      if (emit && format.flow) {
        // after a --jobs run gone back to one thread: the flows it wrote are not written again
        if (out && reported >= written) format.flow(out, liveFlow(f, names, community), reported, st.render);
        reported++;
      }
      if (topN > 0) keepTop(top, f, topN, topOrder);
    },
  };

  try {
    // --jobs N: the flows are written by the workers; back to one thread when it cannot be shared
    const jobs = (o.jobs as number | undefined) ?? 1;
    let sharded: JobsReport | null = null;
    if (jobs > 1) {
      const why = unshardable(o, inputs, st, checks.length, view !== undefined);
      if (why !== null) say(`flowcheck: --jobs ${jobs}: ${why}`);
      else {
        sharded = await runJobsReport({ jobs, inputs, argv: o, st, out, limits: { ...DEFAULT_LIMITS, ...definedOnly(opts.limits!) }, protocols, categories, names, alerts });
        if (!sharded.ok) {
          say(`flowcheck: --jobs ${jobs}: ${sharded.why}: run again in one thread`);
          written = sharded.reported;
          alerts.length = 0;
        }
      }
    }
    const result = sharded?.ok ? sharded.result : await analyze(opts);
    progress.clear();
    const whereWarning = filter?.warning();
    if (whereWarning !== undefined) result.warnings.push(whereWarning);
    sortByTime(alerts);
    const doc: ReportDoc = { ...head, flows: [], ...trailerJson(result, { summary: sharded?.ok ? sharded.summary : summary.build(), alerts }) };
    const topFlows = top.map((f) => flowJson(f, names));
    const views: ViewData = {
      hosts: hosts?.rows(),
      timeline,
      interval: o.interval as number | undefined,
      flows: firstFlows.map((f) => flowJson(f, names) as FlowDoc),
      flow: needs.flow ? { id: wantedFlow, doc: detail, alerts: doc.alerts.filter((a) => a.flow_id === wantedFlow), checkErrors: doc.check_errors.filter((c) => c.flow_id === wantedFlow) } : undefined,
    };
    const code = await report.finish({ doc, topFlows, checks: checks.length > 0, fullReport: 'a --format json or sarif report of the run', views }, filter?.failure());
    // the memory budget stopped the reading: the report is written, the run is not complete
    if (result.memoryStop !== undefined) {
      process.stderr.write(`flowcheck: ${result.memoryStop}\n`);
      return Math.max(code, 2);
    }
    if (needs.flow && detail === null) {
      process.stderr.write(`flowcheck: no flow with id ${wantedFlow}${filter ? ' among the flows --where selects' : ''} (this run has ${result.flowsSeen} flows)\n`);
      return Math.max(code, 2);
    }
    return code;
  } catch (e) {
    progress.clear();
    report.abort();
    throw e;
  } finally {
    filter?.close();
  }
}

/** The writer of --view (or --flow alone, which means --view flow) in the format asked; undefined without a view. */
function chooseView(o: Record<string, unknown>, format: string): ReportFormat | undefined {
  const name = (o.view ?? (o.flow !== undefined ? 'flow' : undefined)) as ViewName | undefined;
  if (name === undefined) {
    if (o.interval !== undefined) throw new UsageError('--interval is for --view timeline');
    return undefined;
  }
  if (!(VIEW_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--view ${name} is written as a table or as json, not --format ${format}`);
  if (name === 'flow' && o.flow === undefined) throw new UsageError('--view flow needs --flow ID (the id of a flow in the JSON report)');
  if (name !== 'flow' && o.flow !== undefined) throw new UsageError(`--flow is for --view flow, not --view ${name}`);
  if (name !== 'timeline' && o.interval !== undefined) throw new UsageError('--interval is for --view timeline');
  return VIEWS[name][format as (typeof VIEW_FORMATS)[number]];
}

const byId = (a: Flow, b: Flow): number => a.id - b.id;

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

/** The report's `options`: what shaped the run. */
function reportOptionsJson(o: Record<string, unknown>, checks: CheckSpec[], where: string | undefined): Record<string, unknown> {
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

/** Progress on stderr: only on a TTY, only once the work takes more than a moment. */
class ProgressLine {
  private shown = false;

  reporter(): ((p: Progress) => void) | undefined {
    if (!process.stderr.isTTY) return undefined;
    const start = Date.now();
    let last = 0;
    return (p) => {
      const now = Date.now();
      if (now - start < 1000 || now - last < 200) return;
      last = now;
      process.stderr.write(`\r${progressText(p, (now - start) / 1000)}\x1b[K`);
      this.shown = true;
    };
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}

/**
 * The progress line's text. A size known (a file): bar, percentage, MB read of the total and
 * ETA; unknown (stdin, a pipe, a gzip stream's end): MB read and the rates only, no guess.
 */
export function progressText(p: Progress, secs: number): string {
  const rate = (n: number) => Math.round(n / secs).toLocaleString('en-US');
  const file = p.files > 1 ? ` [${p.fileIndex + 1}/${p.files}]` : '';
  const alerts = `${p.alerts.toLocaleString('en-US')} alert${p.alerts === 1 ? '' : 's'}`;
  if (!(p.total > 0)) {
    return `${(p.consumed / 1e6).toFixed(1)} MB read${file}, ${rate(p.packets)} pkt/s, ${(p.consumed / 1e6 / secs).toFixed(1)} MB/s, ${alerts}`;
  }
  const frac = Math.min(1, p.consumed / p.total);
  const eta = frac > 0 ? Math.max(0, secs / frac - secs) : 0;
  const filled = Math.round(frac * 20);
  const bar = '█'.repeat(filled) + '░'.repeat(20 - filled);
  return (
    `${bar} ${(100 * frac).toFixed(1)}%${file} ${(p.consumed / 1e6).toFixed(1)}/${(p.total / 1e6).toFixed(1)} MB, ` +
    `${rate(p.packets)} pkt/s, ETA ${eta.toFixed(0)} s, ${alerts}`
  );
}

/** The block lists of --risky-domains, --ja3-blocklist, --sha1-blocklist (empty when not given). */
export function loadRiskLists(o: Record<string, unknown>): RiskLists {
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
export function riskAlertSelection(o: Record<string, unknown>): Set<number> | undefined {
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
export function loadCustomProtocols(file: string): CustomProtocols {
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
export function loadCustomCategories(file: unknown, dir: unknown): CustomCategories | undefined {
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

/**
 * The options of the analysis itself, from the command's arguments: what the command and each
 * `--jobs` worker (cli/jobs-worker.ts) give analyze(), built in one place so they cannot differ.
 */
export function classifyOptions(o: Record<string, unknown>, maxMemory: number | undefined) {
  return {
    maxPackets: o['max-packets'] as number,
    protocols: o.protos !== undefined ? loadCustomProtocols(String(o.protos)) : undefined,
    categories: loadCustomCategories(o.categories, o['domain-lists']),
    riskLists: loadRiskLists(o),
    riskAlerts: riskAlertSelection(o),
    limits: { ...limitsFromArgv(o, (m) => new UsageError(m)), maxMemory },
    tracker: {
      maxFlows: o['max-flows'] as number | undefined,
      timeouts: { tcp: o['tcp-timeout'] as number, udp: o['udp-timeout'] as number, other: o['other-timeout'] as number },
    },
  } satisfies Partial<AnalyzeOptions>;
}
