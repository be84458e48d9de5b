/**
 * nDPI's flow risks on a flow: setting them, their names, and the score nDPI gives a flow
 * for them (each risk's severity score split between client and server by its share).
 */
import type { Flow } from '../flow/flow.js';
import { RISK, RISK_TABLE } from './risk-table.js';
import type { FlowRisk, RiskInfo } from './risk-types.js';

export { RISK, RISK_TABLE };
export type { FlowRisk, RiskInfo };

/** The risk's table entry (undefined for an id nDPI does not have). */
export function riskInfo(id: number): RiskInfo | undefined {
  return RISK_TABLE[id];
}

/** All risks of the table, by id. */
export function allRisks(): RiskInfo[] {
  return RISK_TABLE.filter((r): r is RiskInfo => r !== undefined);
}

/** Each risk's key and check name, by id (constant: derived from the table). */
const KEYS: readonly string[] = RISK_TABLE.map((r) => (r === undefined ? '' : keyOf(r.macro)));
const CHECK_NAMES: readonly string[] = KEYS.map((k) => 'ndpi/' + k);

/** The check name of a risk's built-in alert: `ndpi/tls_selfsigned_certificate`. */
export function riskCheckName(r: RiskInfo): string {
  // made once per risk (an alert's check name was a new string per alert)
  return RISK_TABLE[r.id] === r ? CHECK_NAMES[r.id] : 'ndpi/' + keyOf(r.macro);
}

/** A risk's macro in lower case without the prefix: `tls_selfsigned_certificate`. */
export function riskKey(r: RiskInfo): string {
  return RISK_TABLE[r.id] === r ? KEYS[r.id] : keyOf(r.macro);
}

function keyOf(macro: string): string {
  return macro.replace(/^NDPI_/, '').toLowerCase();
}

/**
 * Sets risk `id` on the flow (once; the first info given is kept, as nDPI keeps the
 * first), ids ascending.
 */
export function setRisk(flow: Flow, id: number, info?: string): void {
  let l = flow.risks;
  // every entry is built here with both fields (info may be undefined): one object shape for
  // all the code that reads the risks; {id} beside {id, info}, and info added to an {id}
  // later, were three maps, and functions optimised on one deoptimised on the next
  if (l === null) {
    flow.risks = [{ id, info }];
    return;
  }
  let i = 0;
  while (i < l.length && l[i].id < id) i++;
  if (i < l.length && l[i].id === id) {
    if (l[i].info === undefined && info !== undefined) l[i].info = info;
    return;
  }
  const r = { id, info };
  // (most risks come in ascending order: a push makes no array of removed elements as splice does)
  if (i === l.length) l.push(r);
  else l.splice(i, 0, r);
}

export function hasRisk(flow: Flow, id: number): boolean {
  const l = flow.risks;
  if (l === null) return false;
  for (let i = 0; i < l.length; i++) if (l[i].id === id) return true;
  return false;
}

export function unsetRisk(flow: Flow, id: number): void {
  const l = flow.risks;
  if (l === null) return;
  let i = 0;
  while (i < l.length && l[i].id !== id) i++;
  if (i < l.length) l.splice(i, 1);
  if (l.length === 0) flow.risks = null;
}

export interface RiskScore {
  total: number;
  client: number;
  server: number;
}

/** nDPI's risk score: per risk, client share = score × pct / 100 (integer), server the rest. */
export function riskScore(flow: Flow): RiskScore {
  let client = 0;
  let server = 0;
  const l = flow.risks;
  if (l !== null) {
    for (let i = 0; i < l.length; i++) {
      const r = RISK_TABLE[l[i].id];
      if (r === undefined) continue;
      const c = Math.trunc((r.score * r.clientPct) / 100);
      client += c;
      server += r.score - c;
    }
  }
  return { total: client + server, client, server };
}
