/**
 * The analyst's views (`--view hosts|timeline|flow`), each in table and JSON form. A view
 * takes the place of the report's body (the gate and the warnings stay as for any report);
 * its data is gathered by the command while the capture streams (ReportEnd.views).
 */
import type { ReportHead } from './doc.js';
import { fitTable, type Column } from './fit.js';
import { flattenRecord, flowDetailText } from './flow-detail.js';
import { humanBytes, humanCount } from './format.js';
import { isoTime } from './alerts.js';
import type { HostRow } from './hosts.js';
import { stringifyReport } from './json.js';
import { terminalSafe } from './text-safe.js';
import { numText, TS_MARK } from './values.js';
import type { TimelineRow } from './timeline.js';
import type { RenderOptions, ReportEnd, ReportFormat, ReportSink, ViewData } from './writer.js';

export const VIEW_NAMES = ['hosts', 'timeline', 'flow'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];
/** The formats a view can be written in. */
export const VIEW_FORMATS = ['table', 'json'] as const;

/** Rows of a timeline at the asked interval, or one chosen so that there are at most 60. */
export function timelineRows(v: ViewData): { interval: number; rows: TimelineRow[] } {
  const t = v.timeline;
  if (!t) return { interval: 0, rows: [] };
  const interval = v.interval ?? t.autoInterval(60);
  const rows = t.rows(interval);
  // rows() widens an interval that would give too many rows
  const actual = rows.length > 1 ? Math.round((rows[1]!.start - rows[0]!.start) * 1e6) / 1e6 : interval;
  return { interval: actual, rows };
}

function hostsTable(rows: HostRow[], o: RenderOptions): string {
  const top = Math.max(1, o.top);
  const shown = rows.slice(0, top);
  const cells = shown.map((h) => [
    h.host,
    humanCount(h.flows),
    humanCount(h.flows_as_client),
    humanCount(h.flows_as_server),
    humanCount(h.packets_sent),
    humanBytes(h.bytes_sent),
    humanCount(h.packets_received),
    humanBytes(h.bytes_received),
    humanCount(h.alerts),
    terminalSafe(h.protocols.slice(0, 3).map((p) => `${p.name} ${p.flows}`).join(', ') + (h.protocols.length > 3 ? ', …' : '')),
  ]);
  const cols: Column[] = [
    { head: 'host', rank: 10, min: 15 },
    { head: 'flows', rank: 8, align: 'right' },
    { head: 'as client', rank: 3, align: 'right', drop: true },
    { head: 'as server', rank: 2, align: 'right', drop: true },
    { head: 'pkts sent', rank: 4, align: 'right', drop: true },
    { head: 'bytes sent', rank: 7, align: 'right' },
    { head: 'pkts recv', rank: 1, align: 'right', drop: true },
    { head: 'bytes recv', rank: 6, align: 'right' },
    { head: 'alerts', rank: 5, align: 'right', drop: true },
    { head: 'protocols', rank: 9, min: 12, cut: 'end', drop: true },
  ];
  const fitted = fitTable(cols, cells, { width: o.width, wide: o.wide });
  const out = [`Hosts by bytes sent and received (${rows.length === 1 ? '1 host' : `${humanCount(rows.length)} hosts`})`, fitted.text];
  if (shown.length < rows.length) out.push(`… ${humanCount(rows.length - shown.length)} more (--top ${rows.length} shows them)`);
  if (fitted.dropped.length > 0) out.push(`(left out to fit ${o.width} columns: ${fitted.dropped.join(', ')}; --wide shows every column)`);
  return out.join('\n') + '\n';
}

/** A bar of `n` over `max` in eighths of a block. */
function bar(n: number, max: number, width: number): string {
  if (max <= 0 || n <= 0) return '';
  const eighths = Math.max(1, Math.round((n / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1]! : '');
}

function timelineTable(v: ViewData, o: RenderOptions): string {
  const { interval, rows } = timelineRows(v);
  if (rows.length === 0) return 'No packets.\n';
  const max = rows.reduce((m, r) => Math.max(m, r.bytes), 0);
  const cells = rows.map((r) => [
    isoTime(r.start).replace('T', ' ').replace('Z', ''),
    humanCount(r.packets),
    humanBytes(r.bytes),
    humanCount(r.flows),
    humanCount(r.alerts),
    bar(r.bytes, max, 12),
  ]);
  const cols: Column[] = [
    { head: 'interval start (UTC)', rank: 10 },
    { head: 'packets', rank: 8, align: 'right' },
    { head: 'bytes', rank: 9, align: 'right' },
    { head: 'new flows', rank: 6, align: 'right', drop: true },
    { head: 'alerts', rank: 7, align: 'right' },
    { head: 'bytes (bar)', rank: 5, min: 6, drop: true, cut: 'end' },
  ];
  const fitted = fitTable(cols, cells, { width: o.width, wide: o.wide });
  const out = [`Timeline: ${rows.length} intervals of ${interval} s`, fitted.text];
  if (fitted.dropped.length > 0) out.push(`(left out to fit ${o.width} columns: ${fitted.dropped.join(', ')}; --wide shows every column)`);
  return out.join('\n') + '\n';
}

function flowTable(v: ViewData, o: RenderOptions): string {
  const f = v.flow;
  if (!f || !f.doc) return `No flow with id ${f?.id ?? '?'} in this run (see the ids in a --format json report).\n`;
  // exact times are marker strings until stringified: shown as their decimal text
  const pairs = flattenRecord(f.doc).map(([k, x]): [string, string] => [k, x.startsWith(TS_MARK) ? numText(x) : terminalSafe(x)]);
  const parts = [flowDetailText(`Flow ${f.id}`, pairs, o.wide ? 10_000 : (o.width ?? 100))];
  for (const a of f.alerts) parts.push(terminalSafe(`alert: ${a.severity} ${a.score} ${a.check}: ${a.message}`) + '\n');
  for (const e of f.checkErrors) parts.push(terminalSafe(`check error: ${e.check}: ${e.message}`) + '\n');
  return parts.join('');
}

function json(out: ReportSink, head: ReportHead, view: ViewName, body: Record<string, unknown>): void {
  out.write(stringifyReport({ schema_version: head.schema_version, tool: head.tool, view, ...body }, 2) + '\n');
}

function headOf(e: ReportEnd): ReportHead {
  return { schema_version: e.doc.schema_version, tool: e.doc.tool, options: e.doc.options };
}

/** The view formats, by view and format name. */
export const VIEWS: Record<ViewName, Record<(typeof VIEW_FORMATS)[number], ReportFormat>> = {
  hosts: {
    table: { kind: 'document', defaultFlows: 'none', forTerminal: true, needs: { hosts: true }, end: (out, e, o) => out.write(hostsTable(e.views?.hosts ?? [], o)) },
    json: { kind: 'document', defaultFlows: 'none', needs: { hosts: true }, end: (out, e) => json(out, headOf(e), 'hosts', { hosts: e.views?.hosts ?? [] }) },
  },
  timeline: {
    table: { kind: 'document', defaultFlows: 'none', forTerminal: true, needs: { timeline: true }, end: (out, e, o) => out.write(timelineTable(e.views ?? {}, o)) },
    json: {
      kind: 'document',
      defaultFlows: 'none',
      needs: { timeline: true },
      end(out, e) {
        const { interval, rows } = timelineRows(e.views ?? {});
        json(out, headOf(e), 'timeline', { interval, rows: rows.map((r) => ({ ...r, start_iso: isoTime(r.start) })) });
      },
    },
  },
  flow: {
    table: { kind: 'document', defaultFlows: 'none', forTerminal: true, needs: { flow: true }, end: (out, e, o) => out.write(flowTable(e.views ?? {}, o)) },
    json: {
      kind: 'document',
      defaultFlows: 'none',
      needs: { flow: true },
      end(out, e) {
        const f = e.views?.flow;
        json(out, headOf(e), 'flow', { flow: f?.doc ?? null, alerts: f?.alerts ?? [], check_errors: f?.checkErrors ?? [] });
      },
    },
  },
};
