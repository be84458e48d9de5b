/**
 * What nDPI's flow risks cost (issue 12: at most 15 % of throughput on the many-flows
 * capture): analyze() over a capture with risks computed and with none (AnalyzeOptions.risks
 * false: no packet-time risk reading — ICMP, UDP DNS, payload entropy and signatures — no
 * end-of-flow pass, no risk alerts), in one process, CPU time (user + system) of each run.
 *
 *   node dist/scripts/bench-risks.js FILE... [--runs N] [--json]
 *
 * Two rows per file: "analyze" (analyze() as the CLI calls it: keepFlows and keepAlerts off,
 * nothing written) and "analyze + JSON" (each ended flow's JSON text written into a buffer,
 * as the CLI's json/ndjson output does; without risks the flows carry no `risks` to write).
 * After an untimed warm-up of both, the runs alternate with/without (and the order within a
 * round), and the median of each is reported: the CPU time risks add (with ÷ without − 1) and
 * the throughput they take (1 − without ÷ with). The file should be in the page cache.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../lib/analyze.js';
import { writeFlowJson } from '../lib/report/flow-json.js';
import { JsonBytes } from '../lib/report/json-bytes.js';
import { argValue } from './support/args.js';
import { cpuSeconds, median } from './support/measure.js';

export interface RiskCostRow {
  file: string;
  mode: 'analyze' | 'analyze + JSON';
  packets: number;
  flows: number;
  /** Median CPU seconds with risks computed, and without. */
  withRisks: number;
  withoutRisks: number;
  /** All the CPU times measured (seconds), in run order. */
  samplesWith: number[];
  samplesWithout: number[];
}

async function once(file: string, risks: boolean, json: boolean): Promise<{ cpu: number; packets: number; flows: number }> {
  const out = json ? new JsonBytes(1 << 21) : null;
  let flows = 0;
  const t0 = cpuSeconds();
  const r = await analyze({
    inputs: [file],
    keepFlows: false,
    keepAlerts: false,
    topFlows: 0,
    risks,
    onFlow: (f) => {
      flows++;
      if (out !== null) {
        writeFlowJson(out, f);
        if (out.pos > 1 << 20) out.pos = 0;
      }
    },
  });
  const cpu = cpuSeconds() - t0;
  return { cpu, packets: r.stats.packets, flows };
}

export async function benchRisks(file: string, runs: number): Promise<RiskCostRow[]> {
  const rows: RiskCostRow[] = [];
  for (const json of [false, true]) {
    await once(file, true, json); // warm-up, untimed
    await once(file, false, json);
    const w: number[] = [];
    const wo: number[] = [];
    let packets = 0;
    let flows = 0;
    for (let r = 0; r < runs; r++) {
      for (const risks of r % 2 === 0 ? [true, false] : [false, true]) {
        const m = await once(file, risks, json);
        (risks ? w : wo).push(m.cpu);
        packets = m.packets;
        flows = m.flows;
      }
    }
    rows.push({ file, mode: json ? 'analyze + JSON' : 'analyze', packets, flows, withRisks: median(w), withoutRisks: median(wo), samplesWith: w, samplesWithout: wo });
  }
  return rows;
}

export function riskCostTable(rows: RiskCostRow[]): string[] {
  const out = [
    '| Capture | Run | Packets | Flows | CPU with risks | CPU without | Risks add | Throughput taken |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    const add = r.withRisks / r.withoutRisks - 1;
    const taken = 1 - r.withoutRisks / r.withRisks;
    out.push(
      `| ${path.basename(r.file)} | ${r.mode} | ${r.packets.toLocaleString('en-US')} | ${r.flows.toLocaleString('en-US')} | ${r.withRisks.toFixed(2)} s | ${r.withoutRisks.toFixed(2)} s | ${(100 * add).toFixed(1)} % | ${(100 * taken).toFixed(1)} % |`,
    );
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const runsText = argValue(args, '--runs');
  const runs = runsText === undefined ? 3 : Number(runsText);
  const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
  if (files.length === 0 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('usage: bench-risks FILE... [--runs N] [--json]\n');
    process.exit(2);
  }
  const rows: RiskCostRow[] = [];
  for (const f of files) rows.push(...(await benchRisks(f, runs)));
  if (args.includes('--json')) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else process.stdout.write(riskCostTable(rows).join('\n') + '\n');
}
