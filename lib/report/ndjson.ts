/**
 * NDJSON: one JSON object a line, each with its `type` first — each reported flow as it ends
 * as `{"type":"flow", …}` (the JSON report's flow objects), then each alert as
 * `{"type":"alert", …}` (the JSON report's alert objects).
 */
import type { AlertDoc } from './doc.js';
import { stringifyReport } from './json.js';
import { KeptAlert, writeAlertJson } from './kept-alerts.js';
import type { ReportFormat, ReportSink } from './writer.js';

export function writeAlertLines(out: ReportSink, alerts: AlertDoc[]): void {
  for (const a of alerts) {
    if (a instanceof KeptAlert) {
      // its bytes written straight (the same as the object's)
      writeAlertJson(out.bytes, a, 0, 0, '{"type":"alert",');
      out.bytes.text('\n');
      out.wrote();
    } else out.write(stringifyReport({ type: 'alert', ...a }) + '\n');
  }
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
