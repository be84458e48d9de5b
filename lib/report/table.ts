import Table from 'cli-table3';
import { l7ProtoName } from '../classify/protocol-table.js';
import type { AnalysisResult } from '../analyze.js';
import { l4Name } from '../flow/l4.js';
import type { Flow } from '../flow/flow.js';
import { humanBytes, humanCount, humanDuration, humanTime, seconds } from './format.js';
import { linktypeName } from './linktypes.js';

export interface TableOptions {
  color: boolean;
  /** Rows in the top-flows and alerts tables. */
  top: number;
}

/** The default terminal output: capture facts, flows per L4 and protocol, top flows, alerts, problems. */
export function renderTables(r: AnalysisResult, opts: TableOptions): string {
  const style = opts.color ? {} : { head: [] as string[], border: [] as string[] };
  const out: string[] = [];
  const mk = (head: string[]) => new Table({ head, style });

  const caps = mk(['capture', 'format', 'link types', 'packets', 'bytes', 'first packet', 'last packet', 'duration']);
  for (const c of r.captures) {
    const span = c.records > 0 ? seconds(c.lastSec, c.lastNsec) - seconds(c.firstSec, c.firstNsec) : 0;
    caps.push([
      c.file,
      c.format + (c.gzip ? '+gzip' : ''),
      c.linktypes.map(linktypeName).join(', '),
      humanCount(c.records),
      humanBytes(c.bytes),
      c.records ? humanTime(c.firstSec, c.firstNsec) : '-',
      c.records ? humanTime(c.lastSec, c.lastNsec) : '-',
      humanDuration(span),
    ]);
  }
  out.push(caps.toString());

  const s = r.summary;
  out.push(
    `${humanCount(r.stats.packets)} packets, ${humanBytes(r.stats.bytes)}, ${humanCount(r.flowsSeen)} flows` +
      (r.alerts.length ? `, ${humanCount(r.alerts.length)} alerts on ${humanCount(s.alertedFlows)} flows` : ''),
  );

  if (r.alerts.length > 0) {
    const byId = new Map<number, Flow>();
    for (const f of r.alertedFlows) byId.set(f.id, f);
    const t = mk(['severity', 'score', 'flow', 'protocol', 'message', 'check']);
    const alerts = [...r.alerts].sort((a, b) => b.score - a.score || a.tsSec - b.tsSec || a.tsNsec - b.tsNsec || a.flowId - b.flowId);
    for (const a of alerts.slice(0, opts.top)) {
      const f = byId.get(a.flowId);
      t.push([a.severity, a.score, f ? flowLabel(f) : `#${a.flowId}`, f ? l7ProtoName(f.l7Master, f.l7App) : '', a.message, a.check]);
    }
    out.push('Alerts' + (alerts.length > opts.top ? ` (top ${opts.top} of ${alerts.length})` : ''));
    out.push(t.toString());
  }

  const l4 = mk(['L4', 'flows', 'packets', 'bytes']);
  for (const x of s.l4) l4.push([x.name, humanCount(x.flows), humanCount(x.packets), humanBytes(x.bytes)]);
  out.push(l4.toString());

  const pr = mk(['protocol', 'flows', 'packets', 'bytes', 'share']);
  for (const x of s.protocols) {
    pr.push([x.name, humanCount(x.flows), humanCount(x.packets), humanBytes(x.bytes), share(x.bytes, s.bytes)]);
  }
  out.push(pr.toString());

  const top = mk(['client', 'server', 'L4', 'protocol', 'packets', 'bytes', 'duration']);
  for (const f of s.topFlows.slice(0, opts.top)) {
    top.push([
      endpoint(f.cliAddr(), f.cliPort, f.proto),
      endpoint(f.srvAddr(), f.srvPort, f.proto),
      l4Name(f.proto),
      l7ProtoName(f.l7Master, f.l7App),
      humanCount(f.packets),
      humanBytes(f.bytes),
      humanDuration(seconds(f.lastSec, f.lastNsec) - seconds(f.firstSec, f.firstNsec)),
    ]);
  }
  out.push(`Top flows by bytes`);
  out.push(top.toString());

  const probs = Object.entries(r.stats.problems);
  if (probs.length > 0 || r.stats.nonIp > 0) {
    const t = mk(['decode problem', 'packets']);
    for (const [k, v] of probs) t.push([k, humanCount(v)]);
    if (r.stats.nonIp > 0) t.push(['non-IP frames (not a problem)', humanCount(r.stats.nonIp)]);
    out.push(t.toString());
  }
  for (const e of r.checkErrors.slice(0, opts.top)) out.push(`check error: ${e.check}: flow ${e.flowLabel}: ${e.message}`);
  if (r.checkErrors.length > opts.top) out.push(`… ${r.checkErrors.length - opts.top} more check errors`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}

function share(part: number, total: number): string {
  return total > 0 ? `${((100 * part) / total).toFixed(1)} %` : '-';
}

function endpoint(addr: string, port: number, proto: number): string {
  const a = addr.includes(':') ? `[${addr}]` : addr;
  return proto === 6 || proto === 17 || proto === 132 ? `${a}:${port}` : a;
}

/** "10.0.0.1:1234 → 8.8.8.8:53 UDP", used in tables and messages. */
export function flowLabel(f: Flow): string {
  return `${endpoint(f.cliAddr(), f.cliPort, f.proto)} → ${endpoint(f.srvAddr(), f.srvPort, f.proto)} ${l4Name(f.proto)}`;
}
