/**
 * NDJSON: one JSON object a line, each with its `type` first — each reported flow as it ends
 * as `{"type":"flow", …}` (the JSON report's flow objects), then each alert as
 * `{"type":"alert", …}` (the JSON report's alert objects).
 */
import type { AlertDoc } from './doc.js';
import { stringifyReport } from './json.js';
import type { ReportFormat, ReportSink } from './writer.js';

export function writeAlertLines(out: ReportSink, alerts: AlertDoc[]): void {
  for (const a of alerts) out.write(stringifyReport({ type: 'alert', ...a }) + '\n');
}

export const ndjsonFormat: ReportFormat = {
  kind: 'stream',
  defaultFlows: 'all',
  flow(out, flow) {
    flow.writeJson(out.bytes, '{"type":"flow",');
    out.bytes.text('\n');
    out.wrote();
  },
  end(out, e) {
    writeAlertLines(out, e.doc.alerts);
  },
};
