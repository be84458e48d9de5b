/**
 * The terminal report. With checks: the alerts (most severe first), a compact capture
 * summary and the protocol breakdown. Without: the captures, L4 and protocol breakdowns and
 * the top flows. Tables fit `width` (long cells cut with an ellipsis) unless `wide`.
 */
import Table from 'cli-table3';
import { byScore, byTime, endpoint } from './alerts.js';
import type { AlertDoc, FlowDoc, ReportDoc } from './doc.js';
import { humanBytes, humanCount, humanDuration, localClock, localDate, zoneName } from './format.js';
import { num } from './values.js';
import type { ReportFormat } from './writer.js';

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
  const mk = (head: string[], rows: string[][], shrink: [number, number][] = [], align?: ('left' | 'right')[]) =>
    fitTable(head.map(bold), rows, shrink, opts, align);
  const s = doc.summary;
  const totals =
    `${humanCount(s.packets)} packets, ${humanBytes(s.bytes)}, ${humanCount(s.flows)} flows` +
    (doc.alerts.length ? `, ${humanCount(doc.alerts.length)} alerts on ${humanCount(s.alerted_flows)} flows` : '');
  const alertsView = opts.checks || doc.alerts.length > 0;

  if (alertsView) {
    const alerts = [...doc.alerts].sort(alertOrder(opts.sort ?? 'score'));
    const shown = alerts.slice(0, opts.top);
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
          f?.l7_proto_name ?? '',
          f?.host ?? '',
          a.message,
          a.check,
        ];
      });
      const when = [oneDay && localDate(ms[0]) ? `on ${localDate(ms[0])}` : '', zone ? `times in ${zone}` : ''].filter(Boolean).join(', ');
      out.push(
        'Alerts' + (alerts.length > shown.length ? ` (top ${shown.length} of ${alerts.length})` : '') + (when ? ` — ${when}` : ''),
      );
      out.push(
        mk(['severity', 'score', 'time', 'client → server', 'L4', 'application', 'host/SNI', 'message', 'check'], rows, [[6, 14], [8, 16], [5, 12], [7, 30], [3, 24]], [
          'left',
          'right',
        ]),
      );
    }
    for (const c of doc.captures) out.push(captureLine(c));
    out.push(totals);
  } else {
    const rows = doc.captures.map((c) => [
      c.file,
      c.format + (c.gzip ? '+gzip' : ''),
      c.linktypes.map((l) => l.name).join(', '),
      humanCount(c.packets),
      humanBytes(c.bytes),
      c.first_seen !== null ? timeText(c.first_seen) : '-',
      c.last_seen !== null ? timeText(c.last_seen) : '-',
      humanDuration(num(c.duration)),
    ]);
    out.push(mk(['capture', 'format', 'link types', 'packets', 'bytes', 'first packet', 'last packet', 'duration'], rows, [[2, 12], [0, 20]]));
    out.push(totals);
    out.push(
      mk(
        ['L4', 'flows', 'packets', 'bytes'],
        s.l4.map((x) => [x.name, humanCount(x.flows), humanCount(x.packets), humanBytes(x.bytes)]),
        [],
        ['left', 'right', 'right', 'right'],
      ),
    );
  }

  const flowBytes = s.protocols.reduce((n, x) => n + x.bytes, 0);
  out.push(
    mk(
      ['protocol', 'flows', 'packets', 'bytes', 'share'],
      s.protocols.map((x) => [x.name, humanCount(x.flows), humanCount(x.packets), humanBytes(x.bytes), share(x.bytes, flowBytes)]),
      [[0, 14]],
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );

  const risks = s.risks ?? [];
  if (risks.length > 0) {
    out.push('nDPI flow risks (flows with each)');
    out.push(
      mk(
        ['risk', 'severity', 'flows'],
        risks.slice(0, Math.max(opts.top, 10)).map((r) => [r.name, r.severity, humanCount(r.flows)]),
        [[0, 20]],
        ['left', 'left', 'right'],
      ),
    );
  }

  if (!alertsView && topFlows.length > 0) {
    const rows = topFlows.slice(0, opts.top).map((f) => [
      endpoint(f.cli, f.cli_port, f.protocol),
      endpoint(f.srv, f.srv_port, f.protocol),
      f.l4,
      f.l7_proto_name,
      f.host ?? '',
      humanCount(f.cli2srv_packets + f.srv2cli_packets),
      humanBytes(f.cli2srv_bytes + f.srv2cli_bytes),
      humanDuration(num(f.duration)),
    ]);
    out.push(`Top flows by ${opts.sort === 'time' ? 'first packet' : opts.sort === 'packets' ? 'packets' : 'bytes'}`);
    out.push(
      mk(['client', 'server', 'L4', 'application', 'host/SNI', 'packets', 'bytes', 'duration'], rows, [[4, 14], [3, 12], [0, 24], [1, 24]], [
        'left',
        'left',
        'left',
        'left',
        'left',
        'right',
        'right',
        'right',
      ]),
    );
  }

  const probs = Object.entries(doc.decode_problems);
  if (probs.length > 0 || s.non_ip_packets > 0) {
    const rows = probs.map(([k, v]) => [k, humanCount(v)]);
    if (s.non_ip_packets > 0) rows.push(['non-IP frames (not a problem)', humanCount(s.non_ip_packets)]);
    out.push(mk(['decode problem', 'packets'], rows, [[0, 20]], ['left', 'right']));
  }
  for (const e of doc.check_errors.slice(0, opts.top)) out.push(`check error: ${e.check}: flow ${e.flow}: ${e.message}`);
  if (doc.check_errors.length > opts.top) out.push(`… ${doc.check_errors.length - opts.top} more check errors`);
  for (const w of doc.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}

/** "mixed.pcap: pcap EN10MB, 2,658 packets, 2.31 MB, 2024-01-01 00:00:00.000 UTC + 10m 20s" */
function captureLine(c: ReportDoc['captures'][number]): string {
  const when = c.first_seen !== null ? `, from ${timeText(c.first_seen)} for ${humanDuration(num(c.duration))}` : '';
  return (
    `${c.file}: ${c.format}${c.gzip ? '+gzip' : ''} ${c.linktypes.map((l) => l.name).join(',')}, ` +
    `${humanCount(c.packets)} packets, ${humanBytes(c.bytes)}${when}`
  );
}

function timeText(v: unknown): string {
  const ms = Math.floor(num(v) * 1000);
  return [localDate(ms), localClock(ms), zoneName(ms)].filter(Boolean).join(' ');
}

function share(part: number, total: number): string {
  return total > 0 ? `${((100 * part) / total).toFixed(1)} %` : '-';
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
function cellWidth(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/**
 * A table whose columns fit opts.width. `shrink` lists [column, minimum width] from the most
 * expendable column: each gives up width down to its minimum in turn, then the widest of
 * them shrink together down to a floor; cli-table3 cuts the cells with an ellipsis.
 */
function fitTable(head: string[], rows: string[][], shrink: [number, number][], opts: TableOptions, align?: ('left' | 'right')[]): string {
  const n = head.length;
  const widths = head.map((h, i) => Math.max(cellWidth(h), ...rows.map((r) => cellWidth(r[i] ?? ''))) + 2);
  if (opts.width && !opts.wide) {
    let over = widths.reduce((a, b) => a + b, 0) + n + 1 - opts.width;
    for (const [i, min] of shrink) {
      if (over <= 0) break;
      const give = Math.max(0, Math.min(over, widths[i] - min));
      widths[i] -= give;
      over -= give;
    }
    const FLOOR = 5;
    while (over > 0) {
      let best = -1;
      for (const [i] of shrink) if (widths[i] > FLOOR && (best < 0 || widths[i] > widths[best])) best = i;
      if (best < 0) break;
      widths[best]--;
      over--;
    }
  }
  const t = new Table({
    head,
    colWidths: widths,
    colAligns: head.map((_, i) => align?.[i] ?? 'left'),
    wordWrap: false,
    truncate: '…',
    style: { head: [], border: [], compact: true },
  });
  for (const r of rows) t.push(r);
  return t.toString();
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
