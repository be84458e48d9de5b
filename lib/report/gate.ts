/**
 * CI gates: `--fail-on SEVERITY|SCORE`. A run fails (exit 1) when one of its alerts reaches
 * the threshold: a severity name means that severity or a higher one, a number a score at
 * least that high. A gate fails closed: a check that failed on some flow (runtime error,
 * instruction budget, memory cap) may have hidden the alerts it would have raised, so any
 * check error makes a gated run an ERROR (exit 2) unless `--allow-check-errors`.
 */

import { SEVERITIES, SEVERITY_MIN_SCORE, type Severity } from '../check/alerts.js';
import { plural } from './format.js';

export { SEVERITIES, type Severity } from '../check/alerts.js';

export interface Gate {
  /** As given: "error", "100". */
  text: string;
  /** Alerts with a score at or above this fail the gate. */
  minScore: number;
  /** Or, for a severity gate, alerts of this rank or above (by their recorded severity). */
  minRank: number;
}

export class GateError extends Error {}

export function severityRank(s: string): number {
  return SEVERITIES.indexOf(s as Severity);
}

/** Parses `--fail-on` (severity name or integer score 0–255); throws GateError when invalid. */
export function parseGate(text: string | number): Gate {
  const t = String(text).trim().toLowerCase();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n > 255) throw new GateError(`--fail-on ${text}: a score is 0-255`);
    return { text: t, minScore: n, minRank: -1 };
  }
  const rank = severityRank(t);
  if (rank < 0) throw new GateError(`--fail-on ${text}: expected a severity (${SEVERITIES.join(', ')}) or a score 0-255`);
  return { text: t, minScore: SEVERITY_MIN_SCORE[t as Severity], minRank: rank };
}

export interface GateAlert {
  score: number;
  severity: string;
}

export function reaches(gate: Gate, a: GateAlert): boolean {
  if (gate.minRank >= 0) return severityRank(a.severity) >= gate.minRank;
  return a.score >= gate.minScore;
}

/** A run's check errors, as the verdict tells them. */
export interface CheckErrorTally {
  /** All check errors. */
  count: number;
  /** Flows with one. */
  flows: number;
  /** The first one recorded. */
  first?: { check: string; line: number | null; message: string };
}

/** A report's check errors (the summary's counts, or the recorded ones of an older report). */
export function checkErrorTally(doc: {
  summary: { check_errors?: number; check_error_flows?: number };
  check_errors: { check: string; flow_id: number; line: number | null; message: string }[];
}): CheckErrorTally {
  const recorded = doc.check_errors;
  return {
    count: doc.summary.check_errors ?? recorded.length,
    flows: doc.summary.check_error_flows ?? new Set(recorded.map((e) => e.flow_id)).size,
    first: recorded[0],
  };
}

/** Characters of the first error's message in the verdict line. */
const FIRST_MAX = 160;

/** "3 check errors in 2 flows (first: bad.lua:2: attempt to call a nil value)" */
export function checkErrorsText(e: CheckErrorTally): string {
  let s = `${plural(e.count, 'check error')} in ${plural(e.flows, 'flow')}`;
  if (e.first) {
    let m = e.first.message.replace(/\s+/g, ' ').trim();
    // a runtime error names its place already ("bad.lua:2: …"); others get the check's name
    if (!/^\S+:\d+: /.test(m) && !m.startsWith(`check ${e.first.check}`)) m = `${e.first.check}${e.first.line !== null ? ':' + e.first.line : ''}: ${m}`;
    if (m.length > FIRST_MAX) m = m.slice(0, FIRST_MAX - 1) + '…';
    s += ` (first: ${m})`;
  }
  return s;
}

/** "--where failed on 3 flows (first: flow 17 (TCP …): attempt to index a nil value)" */
function whereFailuresText(w: { flows: number; first: string }): string {
  let m = w.first.replace(/\s+/g, ' ').trim();
  if (m.length > FIRST_MAX) m = m.slice(0, FIRST_MAX - 1) + '…';
  return `--where failed on ${plural(w.flows, 'flow')} (first: ${m})`;
}

export interface VerdictOptions {
  /** --allow-check-errors: gate on the alerts alone. */
  allowCheckErrors?: boolean;
  /** --strict-checks: a check error is an ERROR even without a gate. */
  strict?: boolean;
  /**
   * Flows a --where expression failed on (treated as false): under a gate they are like check
   * errors — the flows left out may hold the very alert the gate is for — so an ERROR unless
   * --allow-check-errors.
   */
  whereFailures?: { flows: number; first: string };
}

export interface Verdict {
  failed: boolean;
  /** Check errors made the run an ERROR (exit 2): a gate that cannot be trusted. */
  error: boolean;
  /** Alerts that reach the gate. */
  hits: number;
  total: number;
  line: string;
}

/**
 * The gate's verdict over a run's alerts and check errors, with the one line `--quiet`
 * prints. Check errors are always in the line; with a gate (and not --allow-check-errors),
 * or with --strict-checks, they make it an ERROR.
 */
export function verdict(gate: Gate | undefined, alerts: GateAlert[], errors?: CheckErrorTally, opts: VerdictOptions = {}): Verdict {
  const total = alerts.length;
  const errs = errors && errors.count > 0 ? errors : undefined;
  const wf = opts.whereFailures && opts.whereFailures.flows > 0 && gate ? opts.whereFailures : undefined;
  const error = (!!errs && ((!!gate && !opts.allowCheckErrors) || !!opts.strict)) || (!!wf && !opts.allowCheckErrors);
  let hits = 0;
  let top: GateAlert | undefined;
  if (gate) {
    for (const a of alerts) {
      if (reaches(gate, a)) hits++;
      if (!top || a.score > top.score) top = a;
    }
  }
  const highest = top ? `, highest ${top.severity} ${top.score}` : '';
  const gateText = !gate
    ? `${plural(total, 'alert')} (no --fail-on gate)`
    : hits > 0
      ? `${plural(hits, 'alert')} of ${total} reach --fail-on ${gate.text}${highest}`
      : `no alert reaches --fail-on ${gate.text} (${plural(total, 'alert')}${highest})`;
  const problems = [errs ? checkErrorsText(errs) : '', wf ? whereFailuresText(wf) : ''].filter(Boolean).join('; ');
  let line: string;
  if (error) line = `flowcheck: ERROR: ${problems}; ${gateText}`;
  else {
    line = !gate ? `flowcheck: ${gateText}` : `flowcheck: ${hits > 0 ? 'FAIL' : 'PASS'}: ${gateText}`;
    if (problems) line += `; ${problems}${gate ? ' (allowed: --allow-check-errors)' : ''}`;
  }
  return { failed: hits > 0, error, hits, total, line };
}

