/**
 * `flowcheck merge`: several JSON reports (captures analysed in separate jobs) into one, as
 * if one run had read the captures one after the other: flow ids continue from report to
 * report, counters add up, tallies are summed and re-sorted, alerts re-sorted by time.
 */
import { byTime } from './alerts.js';
import { sortRiskTallies, type RiskTally } from './summary.js';
import type { AlertDoc, FlowDoc, ReportDoc, Tally } from './doc.js';
import { parseReport, SCHEMA_VERSION } from './json.js';
import { upgradeV1 } from './upgrade.js';

export class MergeError extends Error {}

/** Parses and checks one report file's text. */
export function readReport(text: string, file: string): ReportDoc {
  let doc: ReportDoc;
  try {
    doc = parseReport(text) as ReportDoc;
  } catch (e) {
    throw new MergeError(`${file}: not a JSON report (${(e as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || doc.tool?.name !== 'flowcheck') {
    throw new MergeError(`${file}: not a flowcheck JSON report (write one with --format json)`);
  }
  if (doc.schema_version === 1) {
    // the layout before one vocabulary: converted (upgrade.ts), and the merged report says so
    doc = upgradeV1(doc);
    if (Array.isArray(doc.warnings)) {
      doc.warnings = [...doc.warnings, `${file}: a schema_version 1 report, converted to ${SCHEMA_VERSION} (times to the microsecond with _iso strings, metadata keys renamed)`];
    }
  } else if (doc.schema_version !== SCHEMA_VERSION) {
    throw new MergeError(`${file}: report schema_version ${doc.schema_version}, this flowcheck reads ${SCHEMA_VERSION} (and converts 1)`);
  }
  for (const k of ['flows', 'captures', 'alerts', 'check_errors', 'warnings', 'skipped_linktypes'] as const) {
    if (!Array.isArray(doc[k])) throw new MergeError(`${file}: report has no "${k}" array`);
  }
  if (!doc.summary || typeof doc.summary !== 'object') throw new MergeError(`${file}: report has no summary`);
  return doc;
}

function mergeTallies(lists: Tally[][]): Tally[] {
  const m = new Map<string, Tally>();
  for (const list of lists) {
    for (const t of list) {
      const x = m.get(t.name);
      if (x) {
        x.flows += t.flows;
        x.packets += t.packets;
        x.bytes += t.bytes;
      } else m.set(t.name, { name: t.name, flows: t.flows, packets: t.packets, bytes: t.bytes });
    }
  }
  return [...m.values()].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function mergeRiskTallies(lists: RiskTally[][]): RiskTally[] {
  const m = new Map<number, RiskTally>();
  for (const list of lists) {
    for (const t of list) {
      const x = m.get(t.id);
      if (x) x.flows += t.flows;
      else m.set(t.id, { ...t });
    }
  }
  return sortRiskTallies([...m.values()]);
}

const COUNTS = ['packets', 'bytes', 'ip_packets', 'non_ip_packets', 'malformed_packets', 'flows', 'evicted_flows', 'alerts', 'alerted_flows'] as const;

export function mergeReports(docs: ReportDoc[], files: string[]): ReportDoc {
  let offset = 0;
  const flows: FlowDoc[] = [];
  const alerts: AlertDoc[] = [];
  const checkErrors: ReportDoc['check_errors'] = [];
  const summary: Record<string, unknown> = {};
  for (const k of COUNTS) summary[k] = 0;
  summary.check_errors = 0;
  summary.check_error_flows = 0;
  const frag = { reassembled: 0, timed_out: 0, over_limit: 0 };
  const problems = new Map<string, number>();
  const skipped = new Map<number, { linktype: number; name: string; packets: number }>();
  const inputs: unknown[] = [];
  const checks = new Map<string, unknown>();

  for (const d of docs) {
    for (const f of d.flows) {
      const alertsOf = f.alerts;
      flows.push({ ...f, id: f.id + offset, alerts: alertsOf });
    }
    for (const a of d.alerts) alerts.push({ ...a, flow_id: a.flow_id + offset });
    for (const e of d.check_errors) checkErrors.push({ ...e, flow_id: e.flow_id + offset });
    for (const k of COUNTS) (summary[k] as number) += Number(d.summary[k] ?? 0);
    // a report without the counts (older flowcheck): its recorded errors
    (summary.check_errors as number) += d.summary.check_errors ?? d.check_errors.length;
    (summary.check_error_flows as number) += d.summary.check_error_flows ?? new Set(d.check_errors.map((e) => e.flow_id)).size;
    const fr = d.summary.fragments;
    if (fr) {
      frag.reassembled += fr.reassembled;
      frag.timed_out += fr.timed_out;
      frag.over_limit += fr.over_limit;
    }
    for (const [k, v] of Object.entries(d.decode_problems ?? {})) problems.set(k, (problems.get(k) ?? 0) + v);
    for (const s of d.skipped_linktypes) {
      const x = skipped.get(s.linktype);
      if (x) x.packets += s.packets;
      else skipped.set(s.linktype, { ...s });
    }
    const o = d.options ?? {};
    if (Array.isArray(o.inputs)) inputs.push(...o.inputs);
    for (const c of (o.checks as { file: string; hook: string }[] | undefined) ?? []) checks.set(`${c.hook}\u0000${c.file}`, c);
    offset += Number(d.summary.flows ?? 0);
  }
  summary.l4 = mergeTallies(docs.map((d) => d.summary.l4 ?? []));
  summary.protocols = mergeTallies(docs.map((d) => d.summary.protocols ?? []));
  summary.risks = mergeRiskTallies(docs.map((d) => d.summary.risks ?? []));
  summary.fragments = frag;
  summary.alerts = alerts.length;

  const decodeProblems: Record<string, number> = {};
  for (const k of [...problems.keys()].sort()) decodeProblems[k] = problems.get(k)!;

  const versions = [...new Set(docs.map((d) => d.tool?.version))];
  const warnings = docs.flatMap((d) => d.warnings);
  if (versions.length > 1) warnings.push(`merged reports of different flowcheck versions: ${versions.join(', ')}`);

  return {
    schema_version: SCHEMA_VERSION,
    tool: docs[0]?.tool ?? { name: 'flowcheck', version: '' },
    options: { merged: files, inputs, checks: [...checks.values()] },
    flows,
    captures: docs.flatMap((d) => d.captures),
    summary: summary as ReportDoc['summary'],
    decode_problems: decodeProblems,
    skipped_linktypes: [...skipped.values()].sort((a, b) => a.linktype - b.linktype),
    alerts: alerts.sort(byTime),
    check_errors: checkErrors,
    warnings,
  };
}
