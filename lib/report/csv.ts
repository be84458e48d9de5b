/**
 * CSV (RFC 4180 quoting, LF line ends, a header line): one row per alert, or one row per
 * flow with `--flows`. Times as the JSON report has them: epoch seconds to the microsecond and,
 * in the `_iso` column beside, RFC 3339 with every fraction digit; the same column names as the
 * JSON report's keys (docs/LUA-API.md, "One vocabulary"). A text cell
 * that a spreadsheet would run as a formula (= + - @ first) is prefixed with ' — the text
 * comes from network traffic; control characters in it other than line breaks are shown escaped (`\x1b`).
 */
import { sortByTime } from './alerts.js';
import type { AlertDoc, FlowDoc } from './doc.js';
import { terminalSafe } from './text-safe.js';
import { isoTime, numText } from './values.js';
import type { ReportFormat } from './writer.js';

type Cell = string | number | boolean | null | undefined;

function text(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  if (plainCell(v)) return v;
  // control characters shown escaped (`\x1b`): a CSV is read on terminals too (text-safe.ts);
  // a line break stays one (RFC 4180 quotes the cell)
  const g = /^[=+\-@\t\r]/.test(v) ? "'" + v : v;
  const s = g.split('\n').map((l) => l.split('\r').map(terminalSafe).join('\r')).join('\n');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A text written as it is: no formula start, nothing to quote (`"` `,` CR LF) and nothing
 * terminalSafe escapes (any character from U+2028 up is left to the exact way).
 */
function plainCell(v: string): boolean {
  const n = v.length;
  if (n === 0) return true;
  const c0 = v.charCodeAt(0);
  if (c0 === 0x3d || c0 === 0x2b || c0 === 0x2d || c0 === 0x40) return false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x2c || (c >= 0x7f && (c <= 0x9f || c >= 0x2028))) return false;
  }
  return true;
}

export function csvRow(cells: Cell[]): string {
  return cells.map(text).join(',') + '\n';
}

export const ALERT_COLUMNS = [
  'time', 'time_iso', 'severity', 'score', 'check', 'message', 'flow_id', 'l4', 'cli', 'cli_port', 'srv', 'srv_port',
  'vlan_id', 'l7_proto_name', 'host', 'community_id', 'capture',
];

export function alertsCsv(alerts: AlertDoc[]): string {
  let out = '';
  writeAlertsCsv((s) => (out += s), alerts);
  return out;
}

/** The alerts' CSV (header and a row per alert, by time), a row at a time. */
export function writeAlertsCsv(write: (s: string) => void, alerts: AlertDoc[]): void {
  write(csvRow(ALERT_COLUMNS));
  const sorted = [...alerts];
  sortByTime(sorted);
  // the capture's cell, made once for the alerts of a capture (each row has it)
  let capture: Cell = null;
  let captureCell = '';
  for (const a of sorted) {
    const f = a.flow;
    if (f?.capture !== capture) {
      capture = f?.capture;
      captureCell = text(capture);
    }
    // csvRow's text, without the array of cells
    write(
      text(numText(a.time)) + ',' + text(isoTime(a.time_iso ?? a.time)) + ',' + text(a.severity) + ',' + text(a.score) + ',' +
        text(a.check) + ',' + text(a.message) + ',' + text(a.flow_id) + ',' + text(f?.l4) + ',' + text(f?.cli) + ',' +
        text(f?.cli_port) + ',' + text(f?.srv) + ',' + text(f?.srv_port) + ',' + text(f?.vlan_id) + ',' +
        text(f?.l7_proto_name) + ',' + text(f?.host) + ',' + text(f?.community_id) + ',' + captureCell + '\n',
    );
  }
}

export const FLOW_COLUMNS = [
  'id', 'first_seen', 'first_seen_iso', 'last_seen', 'last_seen_iso', 'duration', 'l4', 'cli', 'cli_port', 'srv', 'srv_port',
  'vlan_id', 'tunnel', 'cli2srv_packets', 'cli2srv_bytes', 'srv2cli_packets', 'srv2cli_bytes', 'l7_proto_name', 'category',
  'confidence', 'host', 'end_reason', 'conn_state', 'history', 'community_id', 'capture', 'score', 'alerts',
];

export function flowCsvRow(f: FlowDoc): string {
  return csvRow([
    f.id, numText(f.first_seen), isoTime(f.first_seen_iso ?? f.first_seen), numText(f.last_seen),
    isoTime(f.last_seen_iso ?? f.last_seen), numText(f.duration), f.l4, f.cli, f.cli_port, f.srv, f.srv_port,
    f.vlan_id, f.tunnel as string | null, f.cli2srv_packets, f.cli2srv_bytes, f.srv2cli_packets, f.srv2cli_bytes,
    f.l7_proto_name, f.category as string, f.confidence as string, f.host, f.end_reason as string,
    f.conn_state as string | undefined, f.history as string | undefined, f.community_id,
    f.capture, f.score, f.alerts.length,
  ]);
}

/** --format csv: a row per alert at the end; with --flows, a row per reported flow as it ends instead. */
export const csvFormat: ReportFormat = {
  kind: 'stream',
  defaultFlows: 'none',
  begin(out, _head, o) {
    if (o.flowsGiven) out.write(csvRow(FLOW_COLUMNS));
  },
  flow(out, flow) {
    out.write(flowCsvRow(flow.doc()));
  },
  end(out, e, o) {
    if (!o.flowsGiven) writeAlertsCsv((s) => out.write(s), e.doc.alerts);
  },
};
