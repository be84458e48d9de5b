/**
 * CI gates: `--fail-on SEVERITY|SCORE`. A run fails (exit 1) when one of its alerts reaches
 * the threshold: a severity name means that severity or a higher one, a number a score at
 * least that high.
 */

export const SEVERITIES = ['none', 'info', 'notice', 'warning', 'error', 'critical', 'emergency'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The lowest score of each severity (lib/check/alerts.ts maps scores the other way). */
const SEVERITY_MIN_SCORE: Record<Severity, number> = { none: 0, info: 1, notice: 10, warning: 50, error: 100, critical: 200, emergency: 250 };

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

export interface Verdict {
  failed: boolean;
  /** Alerts that reach the gate. */
  hits: number;
  total: number;
  line: string;
}

/** The gate's verdict over a run's alerts, with the one line `--quiet` prints. */
export function verdict(gate: Gate | undefined, alerts: GateAlert[]): Verdict {
  const total = alerts.length;
  if (!gate) {
    return { failed: false, hits: 0, total, line: `flowcheck: ${plural(total, 'alert')} (no --fail-on gate)` };
  }
  let hits = 0;
  let top: GateAlert | undefined;
  for (const a of alerts) {
    if (reaches(gate, a)) hits++;
    if (!top || a.score > top.score) top = a;
  }
  const highest = top ? `, highest ${top.severity} ${top.score}` : '';
  if (hits > 0) {
    return { failed: true, hits, total, line: `flowcheck: FAIL: ${plural(hits, 'alert')} of ${total} reach --fail-on ${gate.text}${highest}` };
  }
  return { failed: false, hits, total, line: `flowcheck: PASS: no alert reaches --fail-on ${gate.text} (${plural(total, 'alert')}${highest})` };
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}
