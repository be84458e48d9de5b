/**
 * What nDPI's address lists cost (issue: classification with the lists must cost at most
 * 10 % of throughput on the many-flows capture; loading them at most 50 ms):
 *
 *   node dist/scripts/bench-ip-lists.js [--runs N] [--data-dir DIR]
 *
 * - load: a fresh Node process imports lib/classify/ip-lists.js and builds the lists; the
 *   median of N processes, in milliseconds of CPU (module evaluation and construction);
 * - lookup: ns per flow lookup (server then client side) over the many-flows capture's flows;
 * - throughput: analyze() of the many-flows capture of `npm run bench` (generated when absent)
 *   with the lists and without (addressLists: false), alternating, CPU time medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze } from '../lib/analyze.js';
import { IpLists } from '../lib/classify/ip-lists.js';
import type { Flow } from '../lib/flow/flow.js';
import { generateCapture } from './support/bench-gen.js';
import { cpuSeconds, median } from './support/measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface IpListsBench {
  loadMs: number;
  lookupNs: number;
  flows: number;
  withCpuS: number;
  withoutCpuS: number;
  /** Throughput with the lists as a share of throughput without (1 = free). */
  ratio: number;
}

/** Milliseconds to import the lists module and build the lists, in a fresh process. */
function loadOnce(): number {
  const mod = pathToFileURL(path.join(ROOT, 'dist/lib/classify/ip-lists.js')).href;
  // CPU time, not wall time: a loaded machine stretches the wall clock, not the work
  const code = `const c=process.cpuUsage();const m=await import(${JSON.stringify(mod)});new m.IpLists();const u=process.cpuUsage(c);console.log((u.user+u.system)/1e3)`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`load probe failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

async function cpuOf(file: string, addressLists: boolean): Promise<number> {
  const t0 = cpuSeconds();
  await analyze({ inputs: [file], keepFlows: false, topFlows: 0, addressLists });
  return cpuSeconds() - t0;
}

export async function benchIpLists(dataDir: string, runs: number): Promise<IpListsBench> {
  const loads: number[] = [];
  for (let i = 0; i < Math.max(5, runs); i++) loads.push(loadOnce());
  mkdirSync(dataDir, { recursive: true });
  // the name npm run bench gives the same capture (reused when there)
  const file = path.join(dataDir, 'many-flows-300MB-c20000-s1-v3.pcap');
  if (!existsSync(file)) generateCapture(file, { kind: 'many-flows', targetBytes: 300e6, concurrency: 20000, seed: 1 });
  const withT: number[] = [];
  const withoutT: number[] = [];
  await cpuOf(file, true); // warm-up
  for (let i = 0; i < runs; i++) {
    // alternate which goes first, so that neither always runs on the other's garbage
    if (i % 2 === 0) {
      withT.push(await cpuOf(file, true));
      withoutT.push(await cpuOf(file, false));
    } else {
      withoutT.push(await cpuOf(file, false));
      withT.push(await cpuOf(file, true));
    }
  }
  const flows: Flow[] = [];
  await analyze({ inputs: [file], keepFlows: false, topFlows: 0, onFlow: (f) => void (flows.length < 200000 && flows.push(f)) });
  const lists = new IpLists();
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < 5; k++) for (const f of flows) sink += lists.forFlow(f);
  const ns = Number(process.hrtime.bigint() - t0) / (5 * Math.max(1, flows.length));
  if (sink < 0) console.log(sink);
  const withCpuS = median(withT);
  const withoutCpuS = median(withoutT);
  return { loadMs: median(loads), lookupNs: ns, flows: flows.length, withCpuS, withoutCpuS, ratio: withoutCpuS / withCpuS };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
  const d = process.argv.indexOf('--data-dir');
  const dataDir = d > 0 ? process.argv[d + 1] : path.join(ROOT, 'bench-data');
  benchIpLists(dataDir, runs).then((r) => {
    console.log(`load (import + build, fresh process, median CPU time): ${r.loadMs.toFixed(1)} ms`);
    console.log(`lookup per flow (server, then client): ${r.lookupNs.toFixed(0)} ns over ${r.flows} flows`);
    console.log(`many flows, CPU: with lists ${r.withCpuS.toFixed(2)} s, without ${r.withoutCpuS.toFixed(2)} s: throughput ratio ${(r.ratio * 100).toFixed(1)} %`);
  });
}
