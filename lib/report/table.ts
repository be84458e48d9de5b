/**
 * The terminal report. With checks: the alerts (most severe first), a compact capture
 * summary and the protocol breakdown. Without: the captures, L4 and protocol breakdowns and
 * the top flows. Tables fit `width` (long cells cut with an ellipsis) unless `wide`.
 */
import { byScore, byTime, endpoint } from './alerts.js';
import type { AlertDoc, FlowDoc, ReportDoc } from './doc.js';
import { humanBytes, humanCount, humanDuration, localClock, localDate, plural as pluralRaw, zoneName } from './format.js';

/** "1 flow", "2,658 packets" (thousands separators). */
const plural = (n: number, word: string): string => pluralRaw(n, word, humanCount);
import { num } from './values.js';
import type { ReportFormat } from './writer.js';
import { fitTable, type Column } from './fit.js';
import { terminalSafe } from './text-safe.js';

export type SortKey = 'score' | 'bytes' | 'packets' | 'time';
export const SORT_KEYS: SortKey[] = ['score', 'bytes', 'packets', 'time'];

export interface TableOptions {
  color: boolean;
  /** Rows in the alerts and top-flows tables. */
  top: number;
  sort?: SortKey;
  /** Terminal width; undefined: no limit. */
  width?: number;
  /** Cells shown whole, whatever the width. */
  wide?: boolean;
  /** Checks ran: show the alerts view even when no alert was raised. */
  checks?: boolean;
}

const SEV_COLOURS: Record<string, string> = {
  emergency: '\x1b[1;97;41m',
  critical: '\x1b[1;31m',
  error: '\x1b[31m',
  warning: '\x1b[33m',
  notice: '\x1b[36m',
  info: '\x1b[34m',
  none: '\x1b[2m',
};
const RESET = '\x1b[0m';

/** Sort orders of alerts: by the alert, or by its flow's size. */
function alertOrder(key: SortKey): (a: AlertDoc, b: AlertDoc) => number {
  switch (key) {
    case 'time':
      return byTime;
    case 'bytes':
      return (a, b) => (b.flow?.bytes ?? 0) - (a.flow?.bytes ?? 0) || byScore(a, b);
    case 'packets':
      return (a, b) => (b.flow?.packets ?? 0) - (a.flow?.packets ?? 0) || byScore(a, b);
    default:
      return byScore;
  }
}

/** Sort orders of flows (for top flows): bytes by default. */
export function flowOrder(key: SortKey): (a: FlowDoc, b: FlowDoc) => number {
  const bytes = (f: FlowDoc) => f.cli2srv_bytes + f.srv2cli_bytes;
  const packets = (f: FlowDoc) => f.cli2srv_packets + f.srv2cli_packets;
  switch (key) {
    case 'score':
      return (a, b) => b.score - a.score || bytes(b) - bytes(a) || a.id - b.id;
    case 'packets':
      return (a, b) => packets(b) - packets(a) || bytes(b) - bytes(a) || a.id - b.id;
    case 'time':
      return (a, b) => num(a.first_seen) - num(b.first_seen) || a.id - b.id;
    default:
      return (a, b) => bytes(b) - bytes(a) || a.id - b.id;
  }
}

export function renderTables(doc: ReportDoc, topFlows: FlowDoc[], opts: TableOptions): string {
  const out: string[] = [];
  const paint = (s: string, code: string) => (opts.color ? code + s + RESET : s);
  const bold = (s: string) => paint(s, '\x1b[1m');
  const top = Math.max(1, opts.top);
  /** A table of at most `top` rows (then "… N more"), fitted to the width, with a note of the columns left out. */
  const mk = (cols: Column[], rows: string[][], bounded = true): void => {
    const shown = bounded && rows.length > top ? rows.slice(0, top) : rows;
    const fitted = fitTable(cols, shown, { width: opts.width, wide: opts.wide }, bold);
    out.push(fitted.text);
    if (shown.length < rows.length) out.push(`… ${humanCount(rows.length - shown.length)} more (--top ${rows.length} shows them)`);
    if (fitted.dropped.length > 0) out.push(`(left out to fit ${opts.width} columns: ${fitted.dropped.join(', ')}; --wide shows every column)`);
  };
  const s = doc.summary;
  const nonIp = s.non_ip_packets > 0 ? ` (${humanCount(s.non_ip_packets)} not IP)` : '';
  const totals =
    `${plural(s.packets, 'packet')}${nonIp}, ${humanBytes(s.bytes)}, ${plural(s.flows, 'flow')}` +
    (doc.alerts.length ? `, ${plural(doc.alerts.length, 'alert')} on ${plural(s.alerted_flows, 'flow')}` : '');
  const alertsView = opts.checks || doc.alerts.length > 0;

  if (alertsView) {
    const alerts = [...doc.alerts].sort(alertOrder(opts.sort ?? 'score'));
    const shown = alerts.slice(0, top);
    if (shown.length === 0) {
      out.push('No alerts.');
    } else {
      const ms = shown.map((a) => Math.floor(num(a.time) * 1000));
      const oneDay = ms.every((m) => localDate(m) === localDate(ms[0]));
      const zones = new Set(ms.map(zoneName));
      const zone = zones.size === 1 ? [...zones][0] : '';
      const rows = shown.map((a, i) => {
        const f = a.flow;
        const m = ms[i];
        const time = [oneDay ? '' : localDate(m), localClock(m), zone ? '' : zoneName(m)].filter(Boolean).join(' ');
        return [
          paint(a.severity, SEV_COLOURS[a.severity] ?? ''),
          String(a.score),
          time,
          f ? `${endpoint(f.cli, f.cli_port, f.protocol)} → ${endpoint(f.srv, f.srv_port, f.protocol)}` : `flow ${a.flow_id}`,
          f?.l4 ?? '',
          terminalSafe(f?.l7_proto_name ?? ''),
          terminalSafe(f?.host ?? ''),
          terminalSafe(a.message),
          terminalSafe(a.check),
        ];
      });
      const when = [oneDay && localDate(ms[0]) ? `on ${localDate(ms[0])}` : '', zone ? `times in ${zone}` : ''].filter(Boolean).join(', ');
      out.push(
        'Alerts' + (alerts.length > shown.length ? ` (top ${shown.length} of ${alerts.length})` : '') + (when ? ` — ${when}` : ''),
      );
      mk(
        [
          { head: 'severity', rank: 9 },
          { head: 'score', rank: 8, align: 'right' },
          { head: 'time', rank: 4, drop: true },
          { head: 'client → server', rank: 7, min: 29, cut: 'pair' },
          { head: 'L4', rank: 1, drop: true },
          { head: 'application', rank: 5, min: 10, drop: true },
          { head: 'host/SNI', rank: 3, min: 12, drop: true },
          { head: 'message', rank: 6, min: 16, cut: 'end' },
          { head: 'check', rank: 2, min: 10, drop: true },
        ],
        rows,
        false,
      );
    }
    for (const c of doc.captures) out.push(captureLine(c));
    out.push(totals);
  } else {
    const rows = doc.captures.map((c) => [
      terminalSafe(c.file),
      c.format + (c.gzip ? '+gzip' : ''),
      c.linktypes.map((l) => l.name).join(', '),
      humanCount(c.packets),
      humanBytes(c.bytes),
      c.first_seen !== null ? timeText(c.first_seen) : '-',
      c.last_seen !== null ? timeText(c.last_seen) : '-',
      humanDuration(num(c.duration)),
    ]);
    mk(
      [
        { head: 'capture', rank: 9, min: 16 },
        { head: 'format', rank: 4, drop: true },
        { head: 'link types', rank: 3, min: 8, drop: true },
        { head: 'packets', rank: 8, align: 'right' },
        { head: 'bytes', rank: 7, align: 'right' },
        { head: 'first packet', rank: 6, drop: true },
        { head: 'last packet', rank: 2, drop: true },
        { head: 'duration', rank: 5, align: 'right', drop: true },
      ],
      rows,
    );
    out.push(totals);
    mk(
      [
        { head: 'L4', rank: 4 },
        { head: 'flows', rank: 3, align: 'right' },
        { head: 'packets', rank: 2, align: 'right' },
        { head: 'bytes', rank: 1, align: 'right' },
      ],
      s.l4.map((x) => [x.name, humanCount(x.flows), humanCount(x.packets), humanBytes(x.bytes)]),
    );
  }

  const flowBytes = s.protocols.reduce((n, x) => n + x.bytes, 0);
  mk(
    [
      { head: 'protocol', rank: 9, min: 14 },
      { head: 'flows', rank: 6, align: 'right' },
      { head: 'packets', rank: 5, align: 'right', drop: true },
      { head: 'bytes', rank: 8, align: 'right' },
      { head: 'share', rank: 7, align: 'right' },
    ],
    s.protocols.map((x) => [terminalSafe(x.name), humanCount(x.flows), humanCount(x.packets), humanBytes(x.bytes), share(x.bytes, flowBytes)]),
  );

  const risks = s.risks ?? [];
  if (risks.length > 0) {
    out.push('nDPI flow risks (flows with each)');
    mk(
      [
        { head: 'risk', rank: 9, min: 20, cut: 'end' },
        { head: 'severity', rank: 7 },
        { head: 'flows', rank: 8, align: 'right' },
      ],
      risks.map((r) => [r.name, r.severity, humanCount(r.flows)]),
    );
  }

  if (!alertsView && topFlows.length > 0) {
    const rows = topFlows.slice(0, top).map((f) => [
      endpoint(f.cli, f.cli_port, f.protocol),
      endpoint(f.srv, f.srv_port, f.protocol),
      f.l4,
      terminalSafe(f.l7_proto_name),
      terminalSafe(f.host ?? ''),
      humanCount(f.cli2srv_packets + f.srv2cli_packets),
      humanBytes(f.cli2srv_bytes + f.srv2cli_bytes),
      humanDuration(num(f.duration)),
    ]);
    out.push(`Top flows by ${opts.sort === 'time' ? 'first packet' : opts.sort === 'packets' ? 'packets' : 'bytes'}`);
    mk(
      [
        { head: 'client', rank: 9, min: 15 },
        { head: 'server', rank: 10, min: 15 },
        { head: 'L4', rank: 2, drop: true },
        { head: 'application', rank: 7, min: 10 },
        { head: 'host/SNI', rank: 5, min: 10, drop: true },
        { head: 'packets', rank: 4, align: 'right', drop: true },
        { head: 'bytes', rank: 8, align: 'right' },
        { head: 'duration', rank: 3, align: 'right', drop: true },
      ],
      rows,
      false,
    );
  }

  const probs = Object.entries(doc.decode_problems);
  if (probs.length > 0) {
    mk(
      [
        { head: 'decode problem', rank: 9, min: 20, cut: 'end' },
        { head: 'packets', rank: 8, align: 'right' },
      ],
      probs.map(([k, v]) => [k, humanCount(v)]),
    );
  }
  for (const e of doc.check_errors.slice(0, top)) out.push(terminalSafe(`check error: ${e.check}: flow ${e.flow}: ${e.message}`));
  if (doc.check_errors.length > top) out.push(`… ${doc.check_errors.length - top} more check errors`);
  for (const w of doc.warnings) out.push(`warning: ${terminalSafe(w)}`);
  return out.join('\n') + '\n';
}


/** "mixed.pcap: pcap EN10MB, 2,658 packets, 2.31 MB, 2024-01-01 00:00:00.000 UTC + 10m 20s" */
function captureLine(c: ReportDoc['captures'][number]): string {
  const when = c.first_seen !== null ? `, from ${timeText(c.first_seen)} for ${humanDuration(num(c.duration))}` : '';
  return (
    `${terminalSafe(c.file)}: ${c.format}${c.gzip ? '+gzip' : ''} ${c.linktypes.map((l) => l.name).join(',')}, ` +
    `${plural(c.packets, 'packet')}, ${humanBytes(c.bytes)}${when}`
  );
}

function timeText(v: unknown): string {
  const ms = Math.floor(num(v) * 1000);
  return [localDate(ms), localClock(ms), zoneName(ms)].filter(Boolean).join(' ');
}

function share(part: number, total: number): string {
  return total > 0 ? `${((100 * part) / total).toFixed(1)} %` : '-';
}

/** --format table: the tables of the finished report (summary, alerts, top flows), for a terminal. */
export const tableFormat: ReportFormat = {
  kind: 'document',
  defaultFlows: 'none',
  topFlows: true,
  forTerminal: true,
  end(out, e, o) {
    out.write(renderTables(e.doc, e.topFlows, { color: o.color, top: o.top, sort: o.sort, width: o.width, wide: o.wide, checks: e.checks }));
  },
};
