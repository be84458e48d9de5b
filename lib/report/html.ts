/**
 * The HTML report (`--format html -o report.html`): one self-contained file, nothing fetched when
 * it is viewed. Summary cards, the protocol share and top talkers as charts, a timeline of traffic
 * and alerts, the alerts table and a searchable, sortable table of the first N flows.
 *
 * Charts are drawn by Chart.js (MIT licence, which permits embedding with its notice; ~200 KB
 * minified, canvas-based, no dependencies), whose UMD build is copied into the page from the
 * installed package. The page's own script (html-app.ts) builds every table cell with
 * textContent, so no text from a capture is ever parsed as HTML.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AlertDoc, FlowDoc, ReportDoc } from './doc.js';
import type { HostRow } from './hosts.js';
import { HTML_APP } from './html-app.js';
import { isoTime, pairText } from './alerts.js';
import { num } from './values.js';
import type { TimelineRow } from './timeline.js';
import { timelineRows } from './views.js';
import type { ReportFormat } from './writer.js';

export interface HtmlOptions {
  /** The flows of the flows table (the first ones by id). */
  flows: FlowDoc[];
  /** Per-host totals (HostsBuilder), most traffic first. */
  hosts: HostRow[];
  /** Traffic per interval (TimelineBuilder.rows()). */
  timeline: TimelineRow[];
  /** Seconds per timeline row. */
  interval: number;
}

/** The Chart.js UMD build of the installed package, and its licence line. */
function chartJs(): string {
  const req = createRequire(import.meta.url);
  const dir = path.dirname(req.resolve('chart.js'));
  const code = readFileSync(path.join(dir, 'chart.umd.min.js'), 'utf8');
  return code.replace(/<\/script/gi, '<\\/script');
}

const STYLE = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#d9dde5;--bg:#f6f7f9;--card:#fff;--accent:#2f6fdb}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:16px 24px;background:#1d2330;color:#fff}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c7cdd8;font-size:13px;word-break:break-all}
main{padding:16px 24px;max-width:1400px;margin:auto}
section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px}.card b{display:block;font-size:20px}.card span{color:var(--muted);font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px}
.chart{position:relative;height:300px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;position:sticky;top:0}th.sortable{cursor:pointer;user-select:none}th.sortable:after{content:" \\2195";color:var(--muted)}
th[aria-sort=ascending]:after{content:" \\2191"}th[aria-sort=descending]:after{content:" \\2193"}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.addr{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.sev-emergency,.sev-critical,.sev-error{color:#b3261e;font-weight:600}.sev-warning{color:#8a5a00;font-weight:600}.sev-notice{color:#1f6f8b}
.tools{display:flex;gap:12px;align-items:center;margin:0 0 8px}.tools input{padding:4px 8px;min-width:280px;border:1px solid var(--line);border-radius:4px}
.muted{color:var(--muted)}.scroll{max-height:560px;overflow:auto}
footer{color:var(--muted);font-size:12px;padding:0 24px 24px;max-width:1400px;margin:auto}
`;

/** The data the page's script reads (numbers as numbers, times as ISO text). */
function pageData(doc: ReportDoc, o: HtmlOptions): unknown {
  const flows = o.flows.map((f: FlowDoc) => ({
    id: f.id,
    pair: pairText(f),
    l4: f.l4,
    app: f.l7_proto_name,
    host: f.host ?? '',
    packets: f.cli2srv_packets + f.srv2cli_packets,
    bytes: f.cli2srv_bytes + f.srv2cli_bytes,
    first: isoTime(f.first_seen),
    duration: num(f.duration),
    score: f.score,
    risks: ((f.risks as { name: string }[] | undefined) ?? []).map((r) => r.name).join(', '),
  }));
  const alerts = doc.alerts.map((a: AlertDoc) => ({
    time: isoTime(a.time),
    severity: a.severity,
    score: a.score,
    check: a.check,
    message: a.message,
    flow: a.flow ? `${pairText(a.flow)} ${a.flow.l7_proto_name}` : `flow ${a.flow_id}`,
  }));
  const s = doc.summary;
  return {
    captures: doc.captures.map((c) => c.file),
    summary: {
      packets: s.packets,
      bytes: s.bytes,
      flows: s.flows,
      alerts: s.alerts,
      alerted_flows: s.alerted_flows,
      check_errors: s.check_errors ?? 0,
      first: doc.captures.length ? isoTime(minTime(doc)) : '',
      duration: doc.captures.reduce((m, c) => Math.max(m, num(c.duration)), 0),
    },
    protocols: s.protocols.map((p) => ({ name: p.name, flows: p.flows, bytes: p.bytes })),
    hosts: o.hosts.slice(0, 10).map((h) => ({ host: h.host, sent: h.bytes_sent, received: h.bytes_received })),
    timeline: { interval: o.interval, rows: o.timeline.map((r) => ({ t: isoTime(r.start), packets: r.packets, bytes: r.bytes, alerts: r.alerts })) },
    alerts,
    flows,
    flows_total: doc.summary.flows,
    warnings: doc.warnings,
  };
}

function minTime(doc: ReportDoc): number {
  let m = Infinity;
  for (const c of doc.captures) if (c.first_seen !== null) m = Math.min(m, num(c.first_seen));
  return Number.isFinite(m) ? m : 0;
}

/** JSON safe inside a <script> element: no "</script", no "<!--". */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Writes the page in pieces (the flows and alerts data can be large). */
export function writeHtml(doc: ReportDoc, o: HtmlOptions, write: (chunk: string) => void): void {
  const title = `flowcheck report — ${doc.captures.map((c) => path.basename(c.file)).join(', ') || 'no capture'}`;
  write('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">');
  write('<meta name="viewport" content="width=device-width,initial-scale=1">');
  write(`<meta name="generator" content="${escapeHtml(`${doc.tool.name} ${doc.tool.version}`)}">`);
  write(`<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>\n`);
  write(`<header><h1>${escapeHtml(title)}</h1><p id="captures"></p></header>\n<main>\n`);
  write('<section id="summary"><h2>Summary</h2><div class="cards" id="cards"></div><ul id="warnings" class="muted"></ul></section>\n');
  write('<section><div class="charts">');
  write('<div><h2>Protocols by bytes</h2><div class="chart"><canvas id="chart-protocols" aria-label="Protocol share by bytes"></canvas></div></div>');
  write('<div><h2>Top talkers</h2><div class="chart"><canvas id="chart-talkers" aria-label="Hosts by bytes sent and received"></canvas></div></div>');
  write('</div></section>\n');
  write(`<section><h2>Timeline <span class="muted" id="interval"></span></h2><div class="chart"><canvas id="chart-timeline" aria-label="Traffic and alerts over time"></canvas></div></section>\n`);
  write('<section id="alerts"><h2>Alerts <span class="muted" id="alerts-count"></span></h2><div class="scroll"><table id="alerts-table"><thead></thead><tbody></tbody></table></div></section>\n');
  write('<section id="flows"><h2>Flows <span class="muted" id="flows-count"></span></h2>');
  write('<div class="tools"><input id="flow-search" type="search" placeholder="Search flows (address, protocol, host, risk)" aria-label="Search flows"><span class="muted" id="flows-shown"></span></div>');
  write('<div class="scroll"><table id="flows-table"><thead></thead><tbody></tbody></table></div></section>\n');
  write('</main>\n<footer>Made by flowcheck. Charts: Chart.js (MIT licence, https://www.chartjs.org).</footer>\n');
  write('<script type="application/json" id="report-data">');
  write(scriptJson(pageData(doc, o)));
  write('</script>\n<script>');
  write(chartJs());
  write('</script>\n<script>');
  write(HTML_APP);
  write('</script>\n</body></html>\n');
}

/** --format html: the finished report as one self-contained page (needs hosts, timeline, first flows). */
export const htmlFormat: ReportFormat = {
  kind: 'document',
  defaultFlows: 'none',
  needs: { hosts: true, timeline: true, flows: true },
  end(out, e) {
    const v = e.views ?? {};
    const { interval, rows } = timelineRows(v);
    writeHtml(e.doc, { flows: v.flows ?? [], hosts: v.hosts ?? [], timeline: rows, interval }, (chunk) => out.write(chunk));
  },
};
