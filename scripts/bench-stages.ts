/**
 * Where the time of a run goes, stage by stage, in one process: each row runs the pipeline
 * up to one more stage over the same capture and reports CPU time (user + system) and packets
 * per CPU-second; the difference between rows is what that stage adds, per packet and per flow.
 *
 *   node dist/scripts/bench-stages.js FILE [--runs N]
 *
 * Rows: read (records walked), + decode, + flow tracker (counters, TCP state, reassembly,
 * flow ends; each flow decided at its first packet, no classifier), + classify (the whole analyze() without output), + JSON (each
 * ended flow's JSON text written into a buffer, as the CLI does). Rounds alternate the rows
 * after an untimed warm-up; the median of each row is reported. The file should be in the
 * page cache (the bench reads it first).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCapture } from '../lib/capture/reader.js';
import { Decoder } from '../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../lib/decode/packet.js';
import { FlowTracker } from '../lib/flow/tracker.js';
import { analyze } from '../lib/analyze.js';
import { writeFlowJson } from '../lib/report/flow-json.js';
import { JsonBytes } from '../lib/report/json-bytes.js';
import { cpuSeconds, median } from './support/measure.js';

export interface StageRow {
  stage: string;
  cpuSeconds: number;
  packets: number;
  flows: number;
}

const STAGES = ['read', '+ decode', '+ flow tracker', '+ classify', '+ JSON'] as const;

async function runStage(file: string, k: number): Promise<{ packets: number; flows: number }> {
  let packets = 0;
  let flows = 0;
  if (k >= 3) {
    const out = new JsonBytes(1 << 21);
    await analyze({
      inputs: [file],
      keepFlows: false,
      onFlow:
        k >= 4
          ? (f) => {
              writeFlowJson(out, f);
              if (out.pos > 1 << 20) out.pos = 0;
            }
          : undefined,
    });
    // analyze() counts for itself; read the counts once more cheaply
    return count(file);
  }
  const decoder = new Decoder();
  const pkt = new PacketInfo();
  // no classifier: a flow counts as decided at its first packet (TCP reassembly as for a
  // flow that its first payload classifies, the common case)
  const tracker = new FlowTracker({
    inspect: (flow) => void (flow.classified = true),
    ended: () => void flows++,
  });
  await readCapture(file, {
    onRecord(data, offset, caplen, wirelen, sec, nsec, linktype) {
      packets++;
      if (k === 0) return;
      if (decoder.decode(data, offset, caplen, wirelen, linktype, sec, nsec, pkt) === DecodeStatus.Ok && k >= 2) tracker.packet(pkt);
    },
  });
  if (k >= 2) tracker.finish();
  return { packets, flows };
}

const counts = new Map<string, { packets: number; flows: number }>();
async function count(file: string): Promise<{ packets: number; flows: number }> {
  let c = counts.get(file);
  if (c === undefined) {
    c = await runStage(file, 2);
    counts.set(file, c);
  }
  return c;
}

export async function benchStages(file: string, runs: number): Promise<StageRow[]> {
  await count(file);
  for (let k = 0; k < STAGES.length; k++) await runStage(file, k); // warm-up, untimed
  const times: number[][] = STAGES.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < STAGES.length; j++) {
      const k = r % 2 === 0 ? j : STAGES.length - 1 - j; // alternate the order
      const t0 = cpuSeconds();
      await runStage(file, k);
      times[k].push(cpuSeconds() - t0);
    }
  }
  const c = await count(file);
  return STAGES.map((stage, k) => ({ stage, cpuSeconds: median(times[k]), packets: c.packets, flows: c.flows }));
}

export function stagesTable(rows: StageRow[]): string[] {
  const out = ['| Stages | CPU time | Packets/CPU-s | Added per packet | Added per flow |', '|---|--:|--:|--:|--:|'];
  let prev = 0;
  for (const r of rows) {
    const added = r.cpuSeconds - prev;
    const pps = r.packets / r.cpuSeconds;
    out.push(
      `| ${r.stage} | ${r.cpuSeconds.toFixed(2)} s | ${pps >= 1e6 ? (pps / 1e6).toFixed(2) + ' M' : Math.round(pps / 1e3) + ' k'} | ${((added / r.packets) * 1e9).toFixed(0)} ns | ${r.flows >= 1000 ? ((added / r.flows) * 1e6).toFixed(2) + ' µs' : '—'} |`,
    );
    prev = r.cpuSeconds;
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = process.argv[2];
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
  if (!file || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('usage: bench-stages FILE [--runs N]\n');
    process.exit(2);
  }
  const rows = await benchStages(file, runs);
  process.stdout.write(stagesTable(rows).join('\n') + '\n');
}
