/**
 * The cost of Lua checks, measured in one process (CPU time), so that it is not lost in the
 * run-to-run noise of whole-capture runs:
 *
 * 1. Check alone: the pipeline runs once without checks, keeping the ended flows; then each
 *    check's CheckRunner runs on every kept flow, several rounds with the checks interleaved,
 *    and the median CPU time of a round, minus that of an empty check (`return`), divided by
 *    the flows is the check's cost per flow. The empty check's own figure is the cost of
 *    calling a compiled chunk at all.
 *    In the pipeline a check runs on a flow the classifier has just touched, so its data is in
 *    the CPU caches; walking 100 k kept flows one after the other is not (a cache miss per
 *    field read). The main figure therefore runs the flows in chunks of CHUNK, each chunk
 *    first read by touch() (what the flow API reads: counters, addresses, host, protocol
 *    metadata; untimed) right before each timed pass; the "cold" figure walks all flows in one
 *    pass, without warm-up.
 * 2. Whole pipeline: analyze() without checks and with each check, alternating, several
 *    rounds; the ratio of the median CPU times is the throughput with the check ÷ without.
 *
 * Used by scripts/bench.ts (the "Lua checks" table); runnable alone:
 *   node dist/scripts/bench-lua.js CAPTURE [--rounds N] [--pipeline-rounds N] [SCRIPT.lua]…
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze } from '../lib/analyze.js';
import { CheckRunner } from '../lib/check/runner.js';
import type { Flow } from '../lib/flow/flow.js';
import { cpuSeconds, median } from './support/measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The empty check whose cost is subtracted: a chunk that only returns. */
export const EMPTY_CHECK = path.join(ROOT, 'scripts/bench-checks/empty.lua');
/** Flows per warmed chunk (a few hundred KiB of flow objects: within the L2 cache). */
const CHUNK = 32;
export const DEFAULT_CHECKS = [path.join(ROOT, 'samples/checks/example.lua'), path.join(ROOT, 'scripts/bench-checks/every-method.lua')];

export interface LuaBenchOptions {
  file: string;
  scripts: string[];
  /** Rounds of the check-alone measurement (median taken). */
  rounds?: number;
  /** Rounds of the whole-pipeline comparison (0: skip it). */
  pipelineRounds?: number;
  log?: (line: string) => void;
}

export interface LuaCheckFigure {
  script: string;
  /** Alerts raised in one pass over the flows. */
  alerts: number;
  /** Median CPU µs per flow of the check alone (warm flows), minus the empty check's. */
  usPerFlow: number;
  /** Lowest and highest round (minus the empty check's median). */
  usMin: number;
  usMax: number;
  /** The same on cold flows (one pass over all flows, no warm-up). */
  usCold: number;
  /** Whole pipeline: median CPU seconds with this check. */
  pipelineCpu?: number;
  /** Whole pipeline: throughput with the check ÷ without (CPU time without ÷ with). */
  pipelineRatio?: number;
}

export interface LuaBenchResult {
  flows: number;
  rounds: number;
  /** CPU µs per flow of the empty check (calling a compiled chunk, runner included), warm flows. */
  emptyUsPerFlow: number;
  emptyUsCold: number;
  /** Whole pipeline: median CPU seconds without checks. */
  pipelineCpuBase?: number;
  pipelineRounds: number;
  checks: LuaCheckFigure[];
}

/** Clears what the checks left on the flows and runners (untimed). */
function reset(runners: CheckRunner[], flows: Flow[]): void {
  for (let i = 0; i < flows.length; i++) {
    const f = flows[i];
    f.alerts = [];
    f.score = 0;
  }
  for (const r of runners) r.alerts.length = 0;
}

/** One pass of each runner over every flow in one go (cold flows); CPU µs per runner. */
function coldRound(runners: CheckRunner[], flows: Flow[]): number[] {
  return runners.map((r) => {
    reset(runners, flows);
    const t0 = 1e6 * cpuSeconds();
    for (let i = 0; i < flows.length; i++) {
      const f = flows[i];
      r.run(f, 'detected', f.lastSec, f.lastNsec);
    }
    return 1e6 * cpuSeconds() - t0;
  });
}

let sink = 0;
/** Reads what the flow API reads of a flow (brings it into the CPU caches). */
function touch(f: Flow): void {
  let n = f.cliPort + f.srvPort + f.proto + f.vlanId + f.cli2srvBytes + f.srv2cliBytes + f.cli2srvPackets + f.srv2cliPackets;
  n += f.firstSec + f.lastSec + f.firstNsec + f.lastNsec + f.l7Master + f.l7App + f.cli[0] + f.srv[0] + f.cli[3] + f.srv[3];
  n += f.host.length + f.confidence.length + f.cliAddr().length + f.srvAddr().length + f.alerts.length;
  const m = f.meta as Record<string, unknown>;
  for (const k in m) {
    const o = m[k] as Record<string, unknown>;
    for (const key in o) {
      const v = o[key];
      if (typeof v === 'string') n += v.length;
      else if (Array.isArray(v)) for (const e of v) n += typeof e === 'string' ? e.length : (e as number);
    }
  }
  sink += n;
}

/** Each runner over each chunk of flows right after touch() read them; CPU µs per runner. */
function warmRound(runners: CheckRunner[], flows: Flow[]): number[] {
  reset(runners, flows);
  const us = runners.map(() => 0);
  for (let c = 0; c < flows.length; c += CHUNK) {
    const end = Math.min(flows.length, c + CHUNK);
    for (let k = 0; k < runners.length; k++) {
      for (let i = c; i < end; i++) touch(flows[i]);
      const r = runners[k];
      const t0 = 1e6 * cpuSeconds();
      for (let i = c; i < end; i++) {
        const f = flows[i];
        r.run(f, 'detected', f.lastSec, f.lastNsec);
      }
      us[k] += 1e6 * cpuSeconds() - t0;
    }
  }
  return us;
}

export async function measureLuaChecks(o: LuaBenchOptions): Promise<LuaBenchResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const rounds = o.rounds ?? 5;
  const pipelineRounds = o.pipelineRounds ?? 3;

  log(`  lua: collecting the flows of ${path.basename(o.file)} …`);
  const base = await analyze({ inputs: [o.file], keepFlows: true });
  const flows = base.flows;
  // The address strings are formatted once per flow and shared with the report: warm them
  // so that every round sees the same flows.
  for (const f of flows) {
    f.cliAddr();
    f.srvAddr();
  }
  const silent = () => {};
  const all = [EMPTY_CHECK, ...o.scripts];
  const runners: CheckRunner[] = [];
  for (const file of all) runners.push(await CheckRunner.create([{ file, hook: 'detected' }], { stderr: silent }));
  const warm: number[][] = all.map(() => []);
  const cold: number[][] = all.map(() => []);
  let alerts: number[] = [];
  try {
    // untimed rounds first: JIT warm-up, lazily built tables
    warmRound(runners, flows);
    coldRound(runners, flows);
    for (let round = 0; round < rounds; round++) {
      warmRound(runners, flows).forEach((us, k) => warm[k].push(us));
      alerts = runners.map((r) => r.alerts.length);
      coldRound(runners, flows).forEach((us, k) => cold[k].push(us));
    }
  } finally {
    for (const r of runners) r.close();
    reset([], flows);
  }
  const n = flows.length;
  const emptyMed = median(warm[0]);
  const emptyCold = median(cold[0]);
  const checks: LuaCheckFigure[] = o.scripts.map((script, k) => {
    const t = warm[k + 1];
    return {
      script,
      alerts: alerts[k + 1],
      usPerFlow: (median(t) - emptyMed) / n,
      usMin: (Math.min(...t) - emptyMed) / n,
      usMax: (Math.max(...t) - emptyMed) / n,
      usCold: (median(cold[k + 1]) - emptyCold) / n,
    };
  });
  if (sink === -1) log('');
  for (const c of checks) log(`  lua: ${path.basename(c.script)}: ${c.usPerFlow.toFixed(2)} µs/flow (${c.usMin.toFixed(2)}–${c.usMax.toFixed(2)}; cold flows ${c.usCold.toFixed(2)}), ${c.alerts} alerts`);
  log(`  lua: empty check: ${(emptyMed / n).toFixed(2)} µs/flow (cold ${(emptyCold / n).toFixed(2)}; ${n} flows, ${rounds} rounds)`);

  const result: LuaBenchResult = { flows: n, rounds, emptyUsPerFlow: emptyMed / n, emptyUsCold: emptyCold / n, pipelineRounds, checks };
  // the kept flows would make every garbage collection of the pipeline runs slower
  flows.length = 0;
  base.flows.length = 0;
  if (pipelineRounds > 0) {
    // Alternate: without, with each check, …; every other round in reverse order (the
    // machine's load drifts, and a run may warm something up for the next).
    const baseCpu: number[] = [];
    const withCpu: number[][] = o.scripts.map(() => []);
    await analyze({ inputs: [o.file], keepFlows: false }); // untimed: the heap settles after the kept flows
    for (let round = 0; round < pipelineRounds; round++) {
      const order = [-1, ...o.scripts.map((_, k) => k)];
      if (round % 2 === 1) order.reverse();
      for (const k of order) {
        const t0 = 1e6 * cpuSeconds();
        if (k < 0) await analyze({ inputs: [o.file], keepFlows: false });
        else await analyze({ inputs: [o.file], keepFlows: false, checks: [{ file: o.scripts[k], hook: 'detected' }], checkOptions: { stderr: silent } });
        const s = (1e6 * cpuSeconds() - t0) / 1e6;
        if (k < 0) baseCpu.push(s);
        else withCpu[k].push(s);
      }
      log(`  lua: pipeline round ${round + 1}: without ${baseCpu[round].toFixed(2)} s, ${o.scripts.map((s, k) => `${path.basename(s)} ${withCpu[k][round].toFixed(2)} s`).join(', ')}`);
    }
    result.pipelineCpuBase = median(baseCpu);
    checks.forEach((c, k) => {
      c.pipelineCpu = median(withCpu[k]);
      c.pipelineRatio = result.pipelineCpuBase! / c.pipelineCpu;
    });
  }
  return result;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let file: string | undefined;
  const scripts: string[] = [];
  let rounds: number | undefined;
  let pipelineRounds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') rounds = Number(argv[++i]);
    else if (a === '--pipeline-rounds') pipelineRounds = Number(argv[++i]);
    else if (file === undefined) file = a;
    else scripts.push(path.resolve(a));
  }
  if (!file) {
    console.error('usage: bench-lua CAPTURE [--rounds N] [--pipeline-rounds N] [SCRIPT.lua]…');
    process.exit(2);
  }
  const r = await measureLuaChecks({ file, scripts: scripts.length ? scripts : DEFAULT_CHECKS, rounds, pipelineRounds });
  console.log(JSON.stringify(r, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(`bench-lua: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
}
