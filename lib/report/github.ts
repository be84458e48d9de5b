/**
 * GitHub Actions workflow commands: `::error file=…,title=…::message`, one per alert,
 * highest score first, so a CI log shows annotations without a SARIF upload.
 */
import { byScore, flowSentence } from './alerts.js';
import type { AlertDoc } from './doc.js';
import { severityRank } from './gate.js';

/** error for error and above, warning for warning, notice below. */
export function githubCommand(severity: string): 'error' | 'warning' | 'notice' {
  const r = severityRank(severity);
  return r >= 4 ? 'error' : r === 3 ? 'warning' : 'notice';
}

/** Escaping of the message part (GitHub's toolkit: % CR LF). */
function escData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value (also : and ,). */
function escProp(s: string): string {
  return escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotations(alerts: AlertDoc[]): string {
  let out = '';
  for (const a of [...alerts].sort(byScore)) {
    const f = a.flow;
    const file = f && f.capture !== '-' ? `file=${escProp(f.capture)},` : '';
    const title = `flowcheck/${a.check}: ${a.severity} ${a.score}`;
    const msg = f ? `${a.message} [flow ${flowSentence(f, a.time)}]` : a.message;
    out += `::${githubCommand(a.severity)} ${file}title=${escProp(title)}::${escData(msg)}\n`;
  }
  return out;
}
