/**
 * The cost of Lua checks, measured in one process (CPU time), so that it is not lost in the
 * run-to-run noise of whole-capture runs:
 *
 * 1. Check alone: the pipeline runs once without checks, keeping the ended flows; then each
 *    check's CheckRunner runs on every kept flow, several rounds with the checks interleaved,
 *    and the median CPU time of a round, minus that of an empty check (`return`), divided by
 *    the flows is the check's cost per flow. The empty check's own figure is the cost of
 *    calling a compiled chunk at all.
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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The empty check whose cost is subtracted: a chunk that only returns. */
export const EMPTY_CHECK = path.join(ROOT, 'scripts/bench-checks/empty.lua');
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
  /** Median CPU µs per flow of the check alone, minus the empty check's. */
  usPerFlow: number;
  /** Lowest and highest round (minus the empty check's median). */
  usMin: number;
  usMax: number;
  /** Whole pipeline: median CPU seconds with this check. */
  pipelineCpu?: number;
  /** Whole pipeline: throughput with the check ÷ without (CPU time without ÷ with). */
  pipelineRatio?: number;
}

export interface LuaBenchResult {
  flows: number;
  rounds: number;
  /** CPU µs per flow of the empty check (calling a compiled chunk, runner included). */
  emptyUsPerFlow: number;
  /** Whole pipeline: median CPU seconds without checks. */
  pipelineCpuBase?: number;
  pipelineRounds: number;
  checks: LuaCheckFigure[];
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One pass of a runner over every flow; CPU µs. Alerts are cleared before (untimed). */
function pass(runner: CheckRunner, flows: Flow[]): { us: number; alerts: number } {
  for (let i = 0; i < flows.length; i++) {
    const f = flows[i];
    f.alerts = [];
    f.score = 0;
  }
  runner.alerts.length = 0;
  const t0 = cpuNow();
  for (let i = 0; i < flows.length; i++) {
    const f = flows[i];
    runner.run(f, 'detected', f.lastSec, f.lastNsec);
  }
  const us = cpuNow() - t0;
  return { us, alerts: runner.alerts.length };
}

export async function measureLuaChecks(o: LuaBenchOptions): Promise<LuaBenchResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const rounds = o.rounds ?? 7;
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
  const times: number[][] = all.map(() => []);
  const alerts: number[] = all.map(() => 0);
  try {
    // one untimed pass each: JIT warm-up, lazily built tables
    for (const r of runners) pass(r, flows);
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < runners.length; i++) {
        const p = pass(runners[i], flows);
        times[i].push(p.us);
        alerts[i] = p.alerts;
      }
    }
  } finally {
    for (const r of runners) r.close();
    for (const f of flows) {
      f.alerts = [];
      f.score = 0;
    }
  }
  const n = flows.length;
  const emptyMed = median(times[0]);
  const checks: LuaCheckFigure[] = o.scripts.map((script, k) => {
    const t = times[k + 1];
    return {
      script,
      alerts: alerts[k + 1],
      usPerFlow: (median(t) - emptyMed) / n,
      usMin: (Math.min(...t) - emptyMed) / n,
      usMax: (Math.max(...t) - emptyMed) / n,
    };
  });
  for (const c of checks) log(`  lua: ${path.basename(c.script)}: ${c.usPerFlow.toFixed(2)} µs/flow (${c.usMin.toFixed(2)}–${c.usMax.toFixed(2)}), ${c.alerts} alerts`);
  log(`  lua: empty check: ${(emptyMed / n).toFixed(2)} µs/flow (${n} flows, ${rounds} rounds)`);

  const result: LuaBenchResult = { flows: n, rounds, emptyUsPerFlow: emptyMed / n, pipelineRounds, checks };
  if (pipelineRounds > 0) {
    // Alternate: without, with each check, without, … (the machine's load drifts).
    const baseCpu: number[] = [];
    const withCpu: number[][] = o.scripts.map(() => []);
    for (let round = 0; round < pipelineRounds; round++) {
      let t0 = cpuNow();
      await analyze({ inputs: [o.file], keepFlows: false });
      baseCpu.push((cpuNow() - t0) / 1e6);
      for (let k = 0; k < o.scripts.length; k++) {
        t0 = cpuNow();
        await analyze({ inputs: [o.file], keepFlows: false, checks: [{ file: o.scripts[k], hook: 'detected' }], checkOptions: { stderr: silent } });
        withCpu[k].push((cpuNow() - t0) / 1e6);
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
