/**
 * Alert scores and severities: ntopng's score → severity mapping (see the API contract), the
 * one place it lives (the report's gate and formats read it from here).
 */

/** The severities, lowest first. */
export const SEVERITIES = ['none', 'info', 'notice', 'warning', 'error', 'critical', 'emergency'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The lowest score of each severity. */
export const SEVERITY_MIN_SCORE: Readonly<Record<Severity, number>> = { none: 0, info: 1, notice: 10, warning: 50, error: 100, critical: 200, emergency: 250 };

/** Severity of a score: the highest whose lowest score it reaches; none at 0 or below. */
export function severityOf(score: number): Severity {
  if (score <= 0) return 'none';
  for (let i = SEVERITIES.length - 1; i > 1; i--) if (score >= SEVERITY_MIN_SCORE[SEVERITIES[i]]) return SEVERITIES[i];
  return 'info';
}

/** Scores are integers 0–255: fractions are dropped, out-of-range values clamped. */
export function clampScore(score: number): number {
  const s = Math.trunc(score);
  return s < 0 ? 0 : s > 255 ? 255 : s;
}
