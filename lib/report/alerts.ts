/** Alert ordering and flow labels shared by the renderers. */
import path from 'node:path';
import type { AlertDoc, FlowRef } from './doc.js';
import { KeptAlert } from './kept-alerts.js';
import { isoTime, num } from './values.js';

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Time, then flow, check, message: the order of the JSON report and SARIF results. */
export function byTime(a: AlertDoc, b: AlertDoc): number {
  // kept alerts of plain times: the same order from their integers, no time texts made
  if (a instanceof KeptAlert && b instanceof KeptAlert && a.plainTime() && b.plainTime()) {
    return a.tsSec - b.tsSec || a.tsNsec - b.tsNsec || sameTimeOrder(a, b);
  }
  return num(a.time) - num(b.time) || subMicro(a.time_iso) - subMicro(b.time_iso) || sameTimeOrder(a, b);
}

/** byTime after the time: flow, check, highest score, message. */
function sameTimeOrder(a: AlertDoc, b: AlertDoc): number {
  return a.flow_id - b.flow_id || cmpStr(a.check, b.check) || b.score - a.score || cmpStr(a.message, b.message);
}

/** Sorts in place as `alerts.sort(byTime)` does, each alert's time read once (not in every comparison). */
export function sortByTime(alerts: AlertDoc[]): void {
  // kept alerts of plain times (KeptAlert.plainTime): the time in microseconds, exact in a double
  const plain = alerts.every((a) => a instanceof KeptAlert && a.plainTime());
  const keyed = plain
    ? (alerts as KeptAlert[]).map((a) => ({ a, t: a.tsSec * 1e6 + (a.tsNsec - (a.tsNsec % 1000)) / 1000, s: a.tsNsec % 1000 }))
    : alerts.map((a) => ({ a, t: num(a.time), s: subMicro(a.time_iso) }));
  keyed.sort((x, y) => x.t - y.t || x.s - y.s || sameTimeOrder(x.a, y.a));
  for (let i = 0; i < keyed.length; i++) alerts[i] = keyed[i].a;
}

/** The nanoseconds beyond the microsecond of an RFC 3339 time (0 when none or not given). */
function subMicro(iso: string | undefined): number {
  const dot = iso === undefined ? -1 : iso.lastIndexOf('.');
  return dot < 0 ? 0 : Number(iso!.slice(dot + 1, -1).padEnd(9, '0').slice(6, 9)) || 0;
}

/** Highest score first, then time: the order of the alerts table and of workflow commands. */
export function byScore(a: AlertDoc, b: AlertDoc): number {
  return b.score - a.score || byTime(a, b);
}

export function endpoint(addr: string, port: number, proto: number): string {
  const a = addr.includes(':') ? `[${addr}]` : addr;
  return proto === 6 || proto === 17 || proto === 132 ? `${a}:${port}` : a;
}

/** "10.0.0.1:1234 → 8.8.8.8:53" */
export function pairText(f: Pick<FlowRef, 'cli' | 'cli_port' | 'srv' | 'srv_port' | 'protocol'>): string {
  return `${endpoint(f.cli, f.cli_port, f.protocol)} → ${endpoint(f.srv, f.srv_port, f.protocol)}`;
}

/** ISO 8601 UTC with the capture's fraction digits (machine formats: no local zone). */
export { isoTime };

/** The flow, as SARIF messages and workflow commands name it. */
export function flowSentence(f: FlowRef, time: unknown): string {
  const vlan = f.vlan_id ? `, VLAN ${f.vlan_id}` : '';
  return `${pairText(f)} ${f.l4}${vlan}, ${isoTime(time)}, community id ${f.community_id}`;
}

/** Check name (as alerts and errors name it) → the check's file as given, from the report's options. */
export function checkFiles(options: Record<string, unknown>): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of (options.checks as { file: string }[] | undefined) ?? []) {
    const name = path.basename(c.file); // as the check runner names it
    if (!m.has(name)) m.set(name, c.file);
  }
  return m;
}
