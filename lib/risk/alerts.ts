/**
 * Built-in alerts on nDPI's flow risks, as ntopng raises them without any script: each
 * risk of a flow becomes an alert named `ndpi/<risk macro in lower case>` with nDPI's score
 * for the risk's severity (10 low … 250 emergency), so `--fail-on` gates on them.
 */
import { severityOf } from '../check/alerts.js';
import type { Alert, Flow } from '../flow/flow.js';
import { allRisks, riskCheckName, riskInfo, riskKey } from './risks.js';

export class RiskSelectionError extends Error {}

/** All risk ids (the default selection). */
export function allRiskIds(): Set<number> {
  return new Set(allRisks().map((r) => r.id));
}

/** A risk by id ("5"), key ("tls_selfsigned_certificate"), macro ("NDPI_…") or check name ("ndpi/…"). */
function riskIdOf(token: string): number | undefined {
  const t = token.trim().toLowerCase();
  if (/^\d+$/.test(t)) return riskInfo(Number(t)) ? Number(t) : undefined;
  const key = t.replace(/^ndpi\//, '').replace(/^ndpi_/, '');
  for (const r of allRisks()) if (riskKey(r) === key) return r.id;
  return undefined;
}

/**
 * `--risks none|all|LIST`: LIST is comma-separated risks; a leading `-` drops one. A list
 * that starts with a drop starts from all risks (`-unidirectional_traffic`), one that starts
 * with a risk from none (`tls_selfsigned_certificate,tls_obsolete_version`).
 */
export function parseRiskSelection(text: string): Set<number> {
  const tokens = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (tokens.length === 0) throw new RiskSelectionError('--risks: empty list (use none, all, or risk names)');
  const first = tokens[0].toLowerCase();
  const sel = first === 'none' || (first !== 'all' && !first.startsWith('-')) ? new Set<number>() : allRiskIds();
  for (const tok of tokens) {
    const low = tok.toLowerCase();
    if (low === 'all') {
      for (const id of allRiskIds()) sel.add(id);
      continue;
    }
    if (low === 'none') {
      sel.clear();
      continue;
    }
    const drop = tok.startsWith('-');
    const id = riskIdOf(drop ? tok.slice(1) : tok.replace(/^\+/, ''));
    if (id === undefined) throw new RiskSelectionError(`--risks: unknown risk "${tok}" (see flowcheck risks: e.g. tls_selfsigned_certificate, or an id 1-56; a list starting with a drop needs --risks=-name)`);
    if (drop) sel.delete(id);
    else sel.add(id);
  }
  return sel;
}

/** The alert text: the risk's name and what was seen. */
export function riskAlertMessage(name: string, info: string | undefined, host: string): string {
  let m = name;
  if (info !== undefined && info !== '') m += `: ${info}`;
  if (host !== '' && (info === undefined || !info.includes(host))) m += ` (${host})`;
  return m;
}

/** Adds an alert per selected risk of the flow (to the flow and to `out`); returns how many. */
export function raiseRiskAlerts(flow: Flow, selected: ReadonlySet<number>, out: Alert[]): number {
  const risks = flow.risks;
  if (risks === null || selected.size === 0) return 0;
  let n = 0;
  for (let i = 0; i < risks.length; i++) {
    const r = risks[i];
    if (!selected.has(r.id)) continue;
    const info = riskInfo(r.id);
    if (info === undefined) continue;
    const alert: Alert = {
      flowId: flow.id,
      score: info.score,
      severity: severityOf(info.score),
      message: riskAlertMessage(info.name, r.info, flow.host),
      check: riskCheckName(info),
      tsSec: flow.lastSec,
      tsNsec: flow.lastNsec,
    };
    // a flow's first alert in a list of one (a push on the empty list made room for 17)
    if (flow.alerts.length === 0) flow.alerts = [alert];
    else flow.alerts.push(alert);
    out.push(alert);
    if (alert.score > flow.score) flow.score = alert.score;
    n++;
  }
  return n;
}

/** The two alert lists in one, by time, each list's own order kept (ties: `a` first). */
export function mergeAlerts(a: Alert[], b: Alert[]): Alert[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: Alert[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x.tsSec < y.tsSec || (x.tsSec === y.tsSec && x.tsNsec <= y.tsNsec)) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
