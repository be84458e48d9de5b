/**
 * The entry of a `--jobs N` worker thread of the analyze command (cli/jobs.ts starts it
 * through lib/parallel/run.ts): the command's analysis options rebuilt from its arguments,
 * and each ended flow written as the command's onFlow writes it (stage A: no --where, no
 * checks, no views): the summary counted, the alerts' documents made, the flow's report
 * bytes written when the report lists it.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ProtocolNames } from '../lib/classify/custom-protocols.js';
import type { Flow } from '../lib/flow/flow.js';
import { runWorker, type WorkerInit } from '../lib/parallel/worker.js';
import type { AlertDoc } from '../lib/report/doc.js';
import { FORMATS, type FormatName } from '../lib/report/formats.js';
import type { JsonBytes } from '../lib/report/json-bytes.js';
import { alertJson, flowRefJson } from '../lib/report/json.js';
import { SummaryBuilder } from '../lib/report/summary.js';
import { liveFlow, type ReportSink } from '../lib/report/writer.js';
import { classifyOptions } from './commands/analyze.js';
import type { FlowExtra, JobsWorkerData, JobsWorkerResult } from './jobs.js';

const port = parentPort;
if (port !== null && (workerData as { init?: WorkerInit } | null)?.init !== undefined) {
  const { init, data } = workerData as { init: WorkerInit; data: JobsWorkerData };
  startJobsWorker(port, init, data);
}

/** Runs one shard on `p` (in a worker thread, or in the command's thread for shard 0). */
export function startJobsWorker(p: MessagePort, init: WorkerInit, d: JobsWorkerData): void {
  start(p, init, d).catch((e: unknown) => p.postMessage({ t: 'error', message: e instanceof Error ? e.message : String(e) }));
}

async function start(p: MessagePort, init: WorkerInit, d: JobsWorkerData): Promise<void> {
  const o = d.argv;
  // the command's own analysis options (cli/commands/analyze.ts)
  const classifying = classifyOptions(o, d.maxMemory);
  const names = new ProtocolNames(classifying.protocols);
  const summary = new SummaryBuilder(0, names);
  const format = FORMATS[d.format as FormatName];
  const emitAll = d.flows === 'all';
  const emitAlerted = d.flows === 'alerted';
  let target: JsonBytes | null = null;
  const sink: ReportSink = {
    write: (s) => target!.text(s),
    get bytes() {
      return target!;
    },
    wrote: () => {},
  };
  await runWorker(p, init, {
    options: { ...classifying, topFlows: 0 },
    write(f: Flow, out: JsonBytes): FlowExtra {
      summary.addFlow(f);
      let alerts: AlertDoc[] | null = null;
      if (f.alerts.length > 0) {
        const ref = flowRefJson(f, names);
        alerts = f.alerts.map((a) => {
          const doc = alertJson(a);
          doc.flow = ref;
          return doc;
        });
      }
      const emit = emitAll || (emitAlerted && f.alerts.length > 0);
      if (emit && d.bytes && format.flow) {
        target = out;
        format.flow(sink, liveFlow(f, names), 1, d.render);
      }
      return alerts ?? undefined;
    },
    result(r): JobsWorkerResult {
      return { summary: summary.build(), limits: r.limits, flowsSeen: r.flowsSeen, dissectorErrors: r.warnings.filter((w) => w.startsWith('dissector ')).length };
    },
  });
}
