/**
 * The benchmark (npm run bench): generates two large captures under bench-data/ (reused when
 * already there with the same parameters) — many short flows, and a few long ones — and, when
 * the corpus is there (FLOWCHECK_CORPUS), two made of its real traffic (scripts/corpus-bench-gen.ts:
 * corpus many flows, corpus few flows); then times
 * `cat` (baseline), flowcheck with JSON output (`--jobs 1`, `--jobs 2` and the core count when
 * larger, alternated; a table of the speed-up), and when installed ndpiReader and tshark on
 * each, and the cost per flow of Lua checks (in this process: scripts/bench-lua.ts). Writes
 * docs/PERFORMANCE.md and prints the tables.
 *
 *   node dist/scripts/bench.js [--quick] [--skip-baselines] [--runs N] [--check FILE.lua]…
 *                              [--no-checks] [--no-scaling] [--no-corpus] [--corpus-only] [--data-dir DIR] [--doc FILE]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCapture, type GenParams, type GenResult } from './support/bench-gen.js';
import { measureLuaChecks, type LuaBenchResult } from './bench-lua.js';
import { benchStages, stagesTable, type StageRow } from './bench-stages.js';
import { corpusFiles, corpusParams, CORPUS_DIR, generateCorpusCapture, type CorpusGenParams } from './corpus-bench-gen.js';
import { median } from './support/measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli/flowcheck.js');
const PROBE = path.join(ROOT, 'dist/scripts/rss-probe.js');
const GEN_VERSION = 3;
/** Version of scripts/corpus-bench-gen.ts's output (part of the cached file's name). */
const CORPUS_GEN_VERSION = 1;
/** Everything after this line of docs/PERFORMANCE.md is written by hand and kept. */
const ANALYSIS_MARKER = '<!-- analysis: written by hand, kept by npm run bench -->';
const LOAD_AT_START = os.loadavg();

interface Options {
  quick: boolean;
  scaling: boolean;
  corpus: boolean;
  /** Only the two corpus captures (no synthetic ones, so no Lua checks or RSS scaling either). */
  corpusOnly: boolean;
  skipBaselines: boolean;
  runs: number;
  checks: string[];
  dataDir: string;
  doc: string | null;
}

function usage(msg: string): never {
  console.error(`bench: ${msg}`);
  console.error('usage: bench [--quick] [--skip-baselines] [--runs N] [--check FILE.lua]... [--no-checks] [--no-scaling] [--no-corpus] [--corpus-only] [--data-dir DIR] [--doc FILE]');
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, scaling: true, corpus: true, corpusOnly: false, skipBaselines: false, runs: 3, checks: [], dataDir: path.join(ROOT, 'bench-data'), doc: null };
  let noChecks = false;
  let docSet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--skip-baselines') o.skipBaselines = true;
    else if (a === '--no-checks') noChecks = true;
    else if (a === '--no-scaling') o.scaling = false;
    else if (a === '--no-corpus') o.corpus = false;
    else if (a === '--corpus-only') o.corpusOnly = true;
    else if (a === '--runs') {
      o.runs = Number(value());
      if (!Number.isInteger(o.runs) || o.runs < 1) usage('--runs takes a positive integer');
    } else if (a === '--check') o.checks.push(path.resolve(value()));
    else if (a === '--data-dir') o.dataDir = path.resolve(value());
    else if (a === '--doc') {
      o.doc = path.resolve(value());
      docSet = true;
    } else usage(`unknown option ${a}`);
  }
  if (!noChecks && o.checks.length === 0) {
    o.checks = [path.join(ROOT, 'samples/checks/example.lua'), path.join(ROOT, 'scripts/bench-checks/every-method.lua')];
  }
  if (noChecks) o.checks = [];
  for (const c of o.checks) if (!existsSync(c)) usage(`check script not found: ${c}`);
  // A quick (smoke) run does not overwrite the published figures unless asked to.
  if (!docSet && !o.quick && !o.corpusOnly) o.doc = path.join(ROOT, 'docs/PERFORMANCE.md');
  return o;
}

// ---------------------------------------------------------------- data

interface DataFile {
  label: string;
  file: string;
  params: GenParams | CorpusGenParams;
  result: GenResult;
  /** Flows live at once: the synthetic generator's parameter, or counted in a corpus capture. */
  concurrency: number;
  generated: boolean;
  genSeconds: number;
}

function dataSpecs(quick: boolean): { label: string; name: string; params: GenParams }[] {
  const mb = quick ? 30e6 : 300e6;
  return [
    { label: 'many flows', name: 'many-flows', params: { kind: 'many-flows', targetBytes: mb, concurrency: quick ? 4000 : 20000, seed: 1 } },
    { label: 'few long flows', name: 'few-flows', params: { kind: 'few-flows', targetBytes: mb + (quick ? 5e6 : 30e6), concurrency: 24, seed: 2 } },
  ];
}

/** The same kind of capture at a quarter of the size and the same concurrency (RSS scaling). */
function quarter(spec: { label: string; name: string; params: GenParams }) {
  return { ...spec, label: `${spec.label}, ¼ size`, params: { ...spec.params, targetBytes: spec.params.targetBytes / 4 } };
}

function prepare(dir: string, spec: { label: string; name: string; params: GenParams }): DataFile {
  mkdirSync(dir, { recursive: true });
  const p = spec.params;
  const base = `${spec.name}-${Math.round(p.targetBytes / 1e6)}MB-c${p.concurrency}-s${p.seed}-v${GEN_VERSION}`;
  const file = path.join(dir, `${base}.pcap`);
  const meta = path.join(dir, `${base}.json`);
  if (existsSync(file) && existsSync(meta)) {
    try {
      const m = JSON.parse(readFileSync(meta, 'utf8')) as { params: GenParams; result: GenResult };
      if (JSON.stringify(m.params) === JSON.stringify(p) && statSync(file).size === m.result.fileBytes) {
        return { label: spec.label, file, params: p, result: m.result, concurrency: p.concurrency, generated: false, genSeconds: 0 };
      }
    } catch {
      // Regenerate below.
    }
  }
  rmSync(meta, { force: true });
  process.stderr.write(`generating ${path.relative(ROOT, file)} …`);
  const t0 = performance.now();
  const result = generateCapture(file, p);
  const genSeconds = (performance.now() - t0) / 1000;
  process.stderr.write(` ${(result.fileBytes / 1e6).toFixed(0)} MB, ${result.packets} packets, ${result.flows} flows in ${genSeconds.toFixed(1)} s\n`);
  // The metadata is written last: a file without it is never reused.
  writeFileSync(meta, JSON.stringify({ params: p, result }, null, 2) + '\n');
  return { label: spec.label, file, params: p, result, concurrency: p.concurrency, generated: true, genSeconds };
}

/** The two captures made of the corpus's real traffic, or why there are none. */
async function prepareCorpus(dir: string, quick: boolean): Promise<DataFile[] | string> {
  const sources = corpusFiles();
  if (!sources) return `corpus not found at ${CORPUS_DIR} (set FLOWCHECK_CORPUS): the corpus captures were skipped`;
  // The corpus as read: a changed corpus makes new captures.
  const corpus = sources.map((s) => `${path.basename(s.file)}:${s.size}`);
  const out: DataFile[] = [];
  for (const [label, kind] of [['corpus many flows', 'corpus-many-flows'], ['corpus few flows', 'corpus-few-flows']] as const) {
    mkdirSync(dir, { recursive: true });
    const p = corpusParams(kind, quick);
    const base = `${kind}-x${p.copies}-b${p.perCaptureBytes}-g${p.maxGapUs}-v${CORPUS_GEN_VERSION}`;
    const file = path.join(dir, `${base}.pcap`);
    const meta = path.join(dir, `${base}.json`);
    if (existsSync(file) && existsSync(meta)) {
      try {
        const m = JSON.parse(readFileSync(meta, 'utf8')) as { params: CorpusGenParams; corpus: string[]; result: GenResult & { concurrentFlows: number } };
        if (JSON.stringify(m.params) === JSON.stringify(p) && JSON.stringify(m.corpus) === JSON.stringify(corpus) && statSync(file).size === m.result.fileBytes) {
          out.push({ label, file, params: p, result: m.result, concurrency: m.result.concurrentFlows, generated: false, genSeconds: 0 });
          continue;
        }
      } catch {
        // Regenerate below.
      }
    }
    rmSync(meta, { force: true });
    process.stderr.write(`generating ${path.relative(ROOT, file)} from ${path.relative(ROOT, CORPUS_DIR) || '.'} …`);
    const t0 = performance.now();
    const result = await generateCorpusCapture(file, p);
    const genSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(` ${(result.fileBytes / 1e6).toFixed(0)} MB, ${result.packets} packets, ${result.flows} flows (${result.captures} captures, ${result.skipped} not Ethernet) in ${genSeconds.toFixed(1)} s\n`);
    writeFileSync(meta, JSON.stringify({ params: p, corpus, result }, null, 2) + '\n');
    out.push({ label, file, params: p, result, concurrency: result.concurrentFlows, generated: true, genSeconds });
  }
  return out;
}

// ---------------------------------------------------------------- measuring

interface Run {
  seconds: number;
  /** CPU time (user + system) in seconds, when known. */
  cpu: number | null;
  /** Peak resident set size in KiB, when known. */
  rssKiB: number | null;
  error: string | null;
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU time (utime + stime) of a live process, in seconds. */
function procCpu(pid: number): number | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** VmHWM (peak RSS) of a live process, in KiB. */
function vmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Runs a command with stdout to /dev/null; the wall time from spawn to exit. */
function runOnce(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: env ?? process.env });
    let stderr = '';
    let peak: number | null = null;
    let cpu: number | null = null;
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    // Peak RSS of commands without the probe: sample VmHWM (itself a high-water mark).
    const poll = setInterval(() => {
      if (child.pid !== undefined) {
        const v = vmHwm(child.pid);
        if (v !== null) peak = Math.max(peak ?? 0, v);
        const c = procCpu(child.pid);
        if (c !== null) cpu = c;
      }
    }, 20);
    child.on('error', (e) => {
      clearInterval(poll);
      resolve({ seconds: 0, cpu: null, rssKiB: null, error: e.message });
    });
    child.on('exit', (code, signal) => {
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(poll);
      // The most telling line: an error message rather than Node's closing version line.
      const lines = stderr.trim().split('\n');
      const last = lines.find((l) => /error/i.test(l))?.trim() ?? lines.pop() ?? '';
      const error = code === 0 ? null : `exit ${code ?? signal}${last ? `: ${last}` : ''}`;
      resolve({ seconds, cpu, rssKiB: peak, error });
    });
  });
}

interface Measured {
  seconds: number;
  /** Median CPU time, seconds (null when unknown). */
  cpu: number | null;
  rssKiB: number | null;
  error: string | null;
  runs: number[];
}

/** The median of runs already made (failed runs make the row failed). */
function summarize(name: string, runs: Run[]): Measured {
  const bad = runs.find((r) => r.error);
  if (bad) {
    process.stderr.write(`  ${name}: failed (${bad.error})\n`);
    return { seconds: NaN, cpu: null, rssKiB: null, error: bad.error, runs: [] };
  }
  const times = runs.map((r) => r.seconds);
  const cpus = runs.filter((r) => r.cpu !== null).map((r) => r.cpu!);
  const rss = runs.reduce<number | null>((m, r) => (r.rssKiB === null ? m : Math.max(m ?? 0, r.rssKiB)), null);
  const m = median(times);
  process.stderr.write(`  ${name}: ${times.map((t) => t.toFixed(2)).join(' / ')} s → median ${m.toFixed(2)} s\n`);
  return { seconds: m, cpu: cpus.length === runs.length ? median(cpus) : null, rssKiB: rss, error: null, runs: times };
}

async function measure(name: string, runs: number, once: () => Promise<Run>): Promise<Measured> {
  const made: Run[] = [];
  for (let i = 0; i < runs; i++) {
    let r = await once();
    if (r.error) {
      // Once more before giving up: on a shared checkout the program may be mid-rebuild.
      process.stderr.write(`  ${name}: failed (${r.error}), retrying once\n`);
      r = await once();
    }
    if (r.error) {
      process.stderr.write(`  ${name}: failed (${r.error})\n`);
      return { seconds: NaN, cpu: null, rssKiB: null, error: r.error, runs: made.map((x) => x.seconds) };
    }
    made.push(r);
  }
  return summarize(name, made);
}

/** flowcheck with the RSS probe preloaded (its own peak, VmHWM, and CPU time at exit). */
function flowcheckOnce(file: string, extra: string[]): () => Promise<Run> {
  return async () => {
    const rssFile = path.join(os.tmpdir(), `flowcheck-bench-rss-${process.pid}.txt`);
    rmSync(rssFile, { force: true });
    const r = await runOnce(process.execPath, ['--import', PROBE, CLI, file, '--format', 'json', '--output', '/dev/null', ...extra], { ...process.env, FLOWCHECK_RSS_FILE: rssFile });
    if (existsSync(rssFile)) {
      try {
        const u = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpuUs: number };
        r.rssKiB = u.maxRSS;
        r.cpu = u.cpuUs / 1e6;
      } catch {
        // Keep the sampled figures.
      }
      rmSync(rssFile, { force: true });
    }
    return r;
  };
}

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------- report

interface Row {
  data: DataFile;
  tool: string;
  command: string;
  m: Measured;
}

const fmtRate = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`);

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'} — ${cpus.length} logical cores`,
    `- RAM: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node.js: ${process.version}`,
    `- Load average when the run started (1/5/15 min): ${LOAD_AT_START.map((l) => l.toFixed(2)).join(' / ')} — other work on the machine inflates wall times; the CPU-time columns are less sensitive to it`,
  ];
}

function dataTable(files: DataFile[]): string[] {
  const out = ['| Capture | File | Size | Packets | Flows | Concurrent flows | Avg frame |', '|---|---|--:|--:|--:|--:|--:|'];
  for (const d of files) {
    const r = d.result;
    out.push(`| ${d.label} | \`${path.relative(ROOT, d.file)}\` | ${(r.fileBytes / 1e6).toFixed(0)} MB | ${r.packets.toLocaleString('en-US')} | ${r.flows.toLocaleString('en-US')} | ${d.concurrency.toLocaleString('en-US')} | ${(r.wireBytes / r.packets).toFixed(0)} B |`);
  }
  return out;
}

function resultTable(rows: Row[]): string[] {
  const out = [
    '| Capture | Tool | Median time | Packets/s | MB/s | Time ÷ cat | flowcheck speed ÷ this | CPU time | Packets/CPU-s | Peak RSS |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const same = rows.filter((r) => r.data === row.data);
    const cat = same.find((r) => r.tool === 'cat');
    const fc = same.find((r) => r.tool === 'flowcheck');
    const m = row.m;
    if (m.error) {
      out.push(`| ${row.data.label} | ${row.tool} | failed: ${m.error.replace(/\|/g, '\\|').slice(0, 120)} | | | | | | | |`);
      continue;
    }
    const pps = row.data.result.packets / m.seconds;
    const mbs = row.data.result.fileBytes / 1e6 / m.seconds;
    const vsCat = cat && !cat.m.error && row.tool !== 'cat' ? `${(m.seconds / cat.m.seconds).toFixed(1)}×` : '—';
    const vsFc = fc && !fc.m.error && row.tool !== 'flowcheck' && row.tool !== 'cat' ? `${(m.seconds / fc.m.seconds).toFixed(2)}` : '—';
    const rss = m.rssKiB !== null ? `${(m.rssKiB / 1024).toFixed(0)} MiB` : 'n/a';
    const cpu = m.cpu !== null ? `${m.cpu.toFixed(2)} s` : 'n/a';
    const cpuPps = m.cpu ? fmtRate(row.data.result.packets / m.cpu) : 'n/a';
    out.push(`| ${row.data.label} | ${row.tool} | ${m.seconds.toFixed(2)} s | ${fmtRate(pps)} | ${mbs.toFixed(0)} | ${vsCat} | ${vsFc} | ${cpu} | ${cpuPps} | ${rss} |`);
  }
  return out;
}

/** --jobs N against --jobs 1 on each capture: wall time, CPU time, peak RSS. */
function jobsTable(rows: Row[]): string[] {
  const out = ['| Capture | Jobs | Wall time | Speed-up (wall) | CPU time | CPU ÷ one thread | Peak RSS | RSS ÷ one thread |', '|---|--:|--:|--:|--:|--:|--:|--:|'];
  for (const row of rows) {
    const m = /^flowcheck(?: --jobs (\d+))?$/.exec(row.tool);
    if (m === null || row.m.error) continue;
    const one = rows.find((r) => r.data === row.data && r.tool === 'flowcheck');
    if (one === undefined || one.m.error) continue;
    const j = m[1] ?? '1';
    const ratio = (a: number | null, b: number | null, f: (x: number) => string) => (a !== null && b !== null ? f(a / b) : 'n/a');
    out.push(
      `| ${row.data.label} | ${j} | ${row.m.seconds.toFixed(2)} s | ${(one.m.seconds / row.m.seconds).toFixed(2)}× | ${row.m.cpu !== null ? row.m.cpu.toFixed(2) + ' s' : 'n/a'} | ${ratio(row.m.cpu, one.m.cpu, (x) => x.toFixed(2))} | ${row.m.rssKiB !== null ? (row.m.rssKiB / 1024).toFixed(0) + ' MiB' : 'n/a'} | ${ratio(row.m.rssKiB, one.m.rssKiB, (x) => x.toFixed(2))} |`,
    );
  }
  return out;
}

interface CheckRows {
  data: DataFile;
  r: LuaBenchResult;
}

function checkTable(rows: CheckRows[]): string[] {
  const out = [
    '| Capture | Check | Alerts | Check alone: CPU µs per flow | Range of the rounds | Cold flows | With the call (+ empty check) | Pipeline CPU time without → with | In the pipeline: CPU µs per flow | Throughput with check ÷ without |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { data, r } of rows) {
    for (const c of r.checks) {
      const piped = c.pipelineCpu !== undefined && r.pipelineCpuBase !== undefined;
      const pipe = piped ? `${r.pipelineCpuBase!.toFixed(2)} s → ${c.pipelineCpu!.toFixed(2)} s` : 'n/a';
      const pipeUs = piped ? (((c.pipelineCpu! - r.pipelineCpuBase!) / r.flows) * 1e6).toFixed(2) : 'n/a';
      const ratio = c.pipelineRatio !== undefined ? `${(c.pipelineRatio * 100).toFixed(0)} %` : 'n/a';
      out.push(
        `| ${data.label} | \`${path.relative(ROOT, c.script)}\` | ${c.alerts.toLocaleString('en-US')} | ${c.usPerFlow.toFixed(2)} | ${c.usMin.toFixed(2)}–${c.usMax.toFixed(2)} | ${c.usCold.toFixed(2)} | ${(c.usPerFlow + r.emptyUsPerFlow).toFixed(2)} | ${pipe} | ${pipeUs} | ${ratio} |`,
      );
    }
    out.push('');
    out.push(
      `The empty check (\`scripts/bench-checks/empty.lua\`, a chunk that only returns) costs ${r.emptyUsPerFlow.toFixed(2)} µs per flow (cold flows ${r.emptyUsCold.toFixed(2)}): calling a compiled chunk at all, runner included; "check alone" is on top of it, "with the call" includes it. ${r.flows.toLocaleString('en-US')} flows, median of ${r.rounds} rounds; pipeline: median of ${r.pipelineRounds} alternating runs (in the pipeline a check runs between packets, on cold CPU caches: it costs more there than alone).`,
    );
  }
  return out;
}

interface ScaleRow {
  data: DataFile;
  rssKiB: number | null;
  error: string | null;
}

function scalingTable(rows: ScaleRow[]): string[] {
  const out = ['| Capture | Size | Packets | Flows | Concurrent flows | flowcheck peak RSS |', '|---|--:|--:|--:|--:|--:|'];
  for (const r of rows) {
    const d = r.data.result;
    const rss = r.error ? `failed: ${r.error.replace(/\|/g, '\\|').slice(0, 80)}` : r.rssKiB !== null ? `${(r.rssKiB / 1024).toFixed(0)} MiB` : 'n/a';
    out.push(`| ${r.data.label} | ${(d.fileBytes / 1e6).toFixed(0)} MB | ${d.packets.toLocaleString('en-US')} | ${d.flows.toLocaleString('en-US')} | ${r.data.concurrency.toLocaleString('en-US')} | ${rss} |`);
  }
  return out;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  // The command that reproduces the figures (where the document goes does not matter).
  const args = process.argv.slice(2).filter((a, i, all) => a !== '--doc' && all[i - 1] !== '--doc');
  const command = `npm run bench${args.length ? ' -- ' + args.join(' ') : ''}`;
  const haveCli = existsSync(CLI);
  if (!haveCli) process.stderr.write(`bench: ${path.relative(ROOT, CLI)} not built yet: flowcheck rows are skipped\n`);
  const ndpi = !o.skipBaselines && have('ndpiReader');
  const tshark = !o.skipBaselines && have('tshark');
  const specs = o.corpusOnly ? [] : dataSpecs(o.quick);
  const files = specs.map((s) => prepare(o.dataDir, s));
  let corpusNote = 'not measured (--no-corpus)';
  if (o.corpus || o.corpusOnly) {
    const c = await prepareCorpus(o.dataDir, o.quick);
    if (typeof c === 'string') {
      corpusNote = c;
      process.stderr.write(`bench: ${c}\n`);
    } else {
      files.push(...c);
      const p = c[0].params as CorpusGenParams;
      corpusNote = `made by \`scripts/corpus-bench-gen.ts\` from the ${(c[0].result as { captures?: number }).captures ?? ''} Ethernet captures of \`${path.relative(ROOT, CORPUS_DIR)}\` (FLOWCHECK_CORPUS), each cut to its first ${p.perCaptureBytes.toLocaleString('en-US')} bytes of records, ${p.copies} copies one after the other (gaps within a capture clamped to ${p.maxGapUs / 1000} ms, monotonic times); "corpus many flows" gives each copy its own VLAN id (a tag added, or the outer one shifted), "corpus few flows" keeps the frames as captured, so flows continue across copies. Avg frame: captured bytes`;
    }
  }

  const rows: Row[] = [];
  const checks: CheckRows[] = [];
  const stages: { data: DataFile; rows: StageRow[] }[] = [];
  for (const d of files) {
    process.stderr.write(`${d.label}: ${path.relative(ROOT, d.file)}\n`);
    // One untimed read so that every tool finds the file in the page cache.
    await runOnce('cat', [d.file]);
    rows.push({ data: d, tool: 'cat', command: `cat FILE > /dev/null`, m: await measure('cat', o.runs, () => runOnce('cat', [d.file])) });
    let fc: Measured | null = null;
    if (haveCli) {
      // --jobs 1 and 2 alternating (the load of the machine changes over a run), and the cores when more
      const jobs = [...new Set([2, os.availableParallelism()])].filter((j) => j > 1);
      const all = new Map<number, Run[]>([[1, []], ...jobs.map((j) => [j, []] as [number, Run[]])]);
      for (let i = 0; i < o.runs; i++) {
        for (const j of [1, ...jobs]) all.get(j)!.push(await flowcheckOnce(d.file, ['--jobs', String(j)])());
      }
      for (const [j, runs] of all) {
        const m = summarize(`flowcheck --jobs ${j}`, runs);
        if (j === 1) fc = m;
        rows.push({ data: d, tool: j === 1 ? 'flowcheck' : `flowcheck --jobs ${j}`, command: `node dist/cli/flowcheck.js FILE --format json --output /dev/null --jobs ${j}`, m });
      }
    }
    if (ndpi) rows.push({ data: d, tool: 'ndpiReader', command: 'ndpiReader -i FILE -q', m: await measure('ndpiReader', o.runs, () => runOnce('ndpiReader', ['-i', d.file, '-q'])) });
    if (tshark) rows.push({ data: d, tool: 'tshark', command: 'tshark -q -z conv,ip -r FILE', m: await measure('tshark', o.runs, () => runOnce('tshark', ['-q', '-z', 'conv,ip', '-r', d.file])) });
    // Where the time goes, stage by stage, in this process.
    stages.push({ data: d, rows: await benchStages(d.file, o.runs) });
    // Lua checks: the cost per flow on the many-flows capture, measured in this process.
    if (o.checks.length > 0 && d.params.kind === 'many-flows') {
      const r = await measureLuaChecks({ file: d.file, scripts: o.checks, rounds: 5, pipelineRounds: o.runs });
      checks.push({ data: d, r });
    }
  }

  // Peak RSS against capture size at the same concurrency: a quarter-size file of each kind.
  const scaling: ScaleRow[] = [];
  if (haveCli && o.scaling) {
    for (let i = 0; i < specs.length; i++) {
      const q = prepare(o.dataDir, quarter(specs[i]));
      process.stderr.write(`${q.label}: ${path.relative(ROOT, q.file)}\n`);
      await runOnce('cat', [q.file]);
      const m = await measure('flowcheck', o.runs, flowcheckOnce(q.file, []));
      const r = { ...m, error: m.error };
      scaling.push({ data: q, rssKiB: r.rssKiB, error: r.error });
      const full = rows.find((row) => row.data === files[i] && row.tool === 'flowcheck');
      if (full) scaling.push({ data: files[i], rssKiB: full.m.rssKiB, error: full.m.error });
    }
  }

  const tables = [
    '### Captures', '', ...dataTable(files), '',
    '### Throughput', '', ...resultTable(rows), '',
    '### --jobs: one analysis over worker threads', '', ...jobsTable(rows), '',
    ...stages.flatMap((st) => [`### Where the time goes: ${st.data.label} (one process, CPU time)`, '', ...stagesTable(st.rows), '']),
    ...(checks.length ? ['### Lua checks', '', ...checkTable(checks), ''] : []),
    ...(scaling.length ? ['### Peak RSS against capture size', '', ...scalingTable(scaling), ''] : []),
  ];
  console.log(tables.join('\n'));

  if (o.doc) {
    const runsNote = `Each figure is the median of ${o.runs} run${o.runs === 1 ? '' : 's'}, with the capture in the page cache (an untimed \`cat\` reads it first).`;
    const doc = [
      '# Performance',
      '',
      'Generated by `scripts/bench.ts`; do not edit by hand — run the command below to refresh it.',
      '',
      '## Command',
      '',
      '```sh',
      command,
      '```',
      '',
      'Commands timed on each capture (stdout to `/dev/null`):',
      '',
      ...[...new Map(rows.map((r) => [r.tool, r.command])).entries()].map(([t, c]) => `- ${t}: \`${c}\``),
      '- Stages, measured inside the bench process (`scripts/bench-stages.ts`, CPU time, median of alternating rounds): the pipeline up to one more stage each row — reading the records; decoding; the flow tracker (counters, TCP state and reassembly, flow ends; each flow counted as decided at its first packet, no classifier); `analyze()` whole (classification, summary) without output; and writing each ended flow\'s JSON into a buffer, as the CLI does. "Added" is the difference to the row above.',
      ...(checks.length
        ? [
            '- Lua checks, measured inside the bench process (`scripts/bench-lua.ts`, CPU time): the pipeline runs once keeping the ended flows, then each check\'s runner runs on every flow, the checks interleaved, in chunks of 32 flows whose data (counters, addresses, protocol metadata) was read just before (in the pipeline a check runs on a flow the classifier has just touched: its data is in the CPU caches); µs per flow = (median CPU time of a round − that of the empty check) ÷ flows. "Cold flows": the same in one pass over all flows without warm-up. "Throughput with check ÷ without": `analyze()` on the capture without checks and with the check, alternating, CPU time.',
          ]
        : []),
      '',
      '## Machine',
      '',
      ...machine(),
      '',
      '## Results',
      '',
      ...tables,
      '## Notes',
      '',
      `- ${runsNote}`,
      '- MB = 10^6 bytes of capture file. Packets/s counts capture records.',
      '- "Time ÷ cat": how many times longer than reading the file. "flowcheck speed ÷ this": the other tool\'s time over flowcheck\'s (above 1: flowcheck is faster).',
      '- CPU time = user + system: flowcheck\'s from getrusage, the other tools\' sampled from /proc/PID/stat every 20 ms (the last sample before exit). Packets/CPU-s = packets ÷ CPU time.',
      '- Peak RSS: flowcheck\'s VmHWM read at its exit (`dist/scripts/rss-probe.js` preloaded; not getrusage\'s maxrss, which Linux carries over from the benchmark process the run was forked from); the other tools\' sampled from /proc (VmHWM) every 20 ms.',
      `- Corpus captures: ${corpusNote}.`,
      '- The other captures are synthesized by `scripts/support/bench-gen.ts` (Ethernet/IPv4; TLS, HTTP, DNS, QUIC, SSH and opaque TCP/UDP flows; first payloads are real protocol messages, the rest pseudo-random; transport checksums 0). They are regenerated when absent from `bench-data/` (git-ignored).',
      `- Baselines: ndpiReader ${ndpi ? 'measured' : 'not installed or skipped'}, tshark ${tshark ? 'measured' : 'not installed or skipped'}.`,
      '',
    ].join('\n');
    mkdirSync(path.dirname(o.doc), { recursive: true });
    // the hand-written analysis after the marker survives a regeneration
    const previous = existsSync(o.doc) ? readFileSync(o.doc, 'utf8') : '';
    const at = previous.indexOf(ANALYSIS_MARKER);
    writeFileSync(o.doc, at >= 0 ? doc + '\n' + previous.slice(at) : doc);
    process.stderr.write(`wrote ${path.relative(ROOT, o.doc)}\n`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
