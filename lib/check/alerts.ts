/** Alert scores and severities (ntopng's score → severity mapping, see the API contract). */

/** Severity of a score: none, info, notice, warning, error, critical, emergency. */
export function severityOf(score: number): string {
  if (score <= 0) return 'none';
  if (score < 10) return 'info';
  if (score < 50) return 'notice';
  if (score < 100) return 'warning';
  if (score < 200) return 'error';
  if (score < 250) return 'critical';
  return 'emergency';
}

/** Scores are integers 0–255: fractions are dropped, out-of-range values clamped. */
export function clampScore(score: number): number {
  const s = Math.trunc(score);
  return s < 0 ? 0 : s > 255 ? 255 : s;
}
