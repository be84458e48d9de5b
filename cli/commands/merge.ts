/**
 * `flowcheck merge reports..`: JSON reports of captures analysed apart, combined into one
 * (lib/report/merge.ts) and written in any format, with the same gates as a run.
 */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { readReport, mergeReports } from '../../lib/report/merge.js';
import { flowOrder } from '../../lib/report/table.js';
import { docFlow } from '../../lib/report/writer.js';
import { examplesEpilogue, outputSettings, reportOptions, settle, toList, UsageError, type Config } from '../options.js';
import { ReportRun } from '../report.js';

export const command = 'merge <reports..>';
export const describe = 'combine JSON reports (of captures analysed apart) into one report, with the same gates';

export function builder<T>(y: Argv<T>) {
  return reportOptions(y.positional('reports', { describe: 'JSON reports (--format json) or - (stdin)', type: 'string', array: true })).epilogue(
    examplesEpilogue([
      ['$0 merge a.json b.json', 'the alerts and summary of both, as tables'],
      ['$0 merge jobs/*.json --format sarif -o all.sarif --fail-on error', 'one SARIF file, one gate'],
    ]),
  );
}

export async function run(argv: Record<string, unknown>, config: Config): Promise<number> {
  const o = settle(argv, config);
  const files = toList(o.reports);
  if (files.length === 0) throw new UsageError('merge: no report given (try: flowcheck merge a.json b.json)');
  const st = outputSettings(o);
  const docs = files.map((f) => {
    let text: string;
    try {
      text = f === '-' ? readFileSync(0, 'utf8') : readFileSync(f, 'utf8');
    } catch (e) {
      throw new UsageError(`${f}: ${(e as Error).message}`);
    }
    return readReport(text, f);
  });
  const doc = mergeReports(docs, files);
  const report = new ReportRun(st);
  const { out, format } = report;
  try {
    if (out) {
      format.begin?.(out, doc, st.render);
      if (format.flow) {
        const flows = st.flows === 'all' ? doc.flows : st.flows === 'alerted' ? doc.flows.filter((f) => f.alerts.length > 0) : [];
        flows.forEach((f, i) => format.flow!(out, docFlow(f), i, st.render));
      }
    }
    const topFlows = format.topFlows ? [...doc.flows].sort(flowOrder(st.render.sort === 'score' ? 'bytes' : st.render.sort)).slice(0, st.render.top) : [];
    const checks = Array.isArray(doc.options.checks) && doc.options.checks.length > 0;
    return await report.finish({ doc, topFlows, checks, fullReport: files.join(', ') });
  } catch (e) {
    report.abort();
    throw e;
  }
}
