/**
 * GitHub Actions: workflow commands (`::error file=…,title=…::message`) so a CI log and a pull
 * request show annotations without a SARIF upload, and a Markdown job summary.
 *
 * GitHub shows at most 10 annotations of each kind (error, warning, notice) per step; the
 * rest are dropped silently. So check errors come first (they make a gated run an ERROR),
 * then the alerts by score, at most 10 errors, 10 warnings and 10 notices — 9 notices when
 * some are left out, then one notice saying how many and where they all are.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { byScore, checkFiles, flowSentence, pairText } from './alerts.js';
import type { AlertDoc, CheckErrorDoc, ReportDoc, Tally } from './doc.js';
import { checkErrorsText, checkErrorTally, severityRank, SEVERITIES } from './gate.js';
import { terminalSafe } from './text-safe.js';
import type { ReportFormat } from './writer.js';
import { plural } from './format.js';

/** GitHub's display limit: annotations of one kind per step. */
export const GITHUB_PER_KIND = 10;

type Command = 'error' | 'warning' | 'notice';

/** error for error and above, warning for warning, notice below. */
export function githubCommand(severity: string): Command {
  const r = severityRank(severity);
  return r >= 4 ? 'error' : r === 3 ? 'warning' : 'notice';
}

/**
 * Escaping of the message part (GitHub's toolkit, escapeData: % CR LF). The text came from a
 * capture or a check: a line break stays one (%0A, a multi-line annotation), every other
 * control character is shown escaped (`\x1b`, lib/report/text-safe.ts) — the raw log is read
 * on terminals too, and a CR or ESC must not rewrite what the line shows.
 */
function escData(s: string): string {
  return s
    .split(/\r\n|\n/)
    .map(terminalSafe)
    .join('\n')
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
}

/** Escaping of a property value (escapeProperty: also : and ,); a line break shown escaped. */
function escProp(s: string): string {
  return escData(terminalSafe(s)).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface GithubOptions {
  /** The report's check errors (the first recorded ones). */
  checkErrors?: CheckErrorDoc[];
  /** Check name → its file as given (the annotation's file). */
  checkFiles?: Map<string, string>;
  /** Where every alert can be read, for the notice about those left out. */
  fullReport?: string;
}

/**
 * A file as an annotation names it: GitHub places annotations by path in the repository, so
 * an absolute path inside the working directory (the checkout) becomes relative to it.
 */
export function annotationPath(file: string): string {
  if (path.isAbsolute(file)) {
    const rel = path.relative(process.cwd(), file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) file = rel;
  }
  return file.split(path.sep).join('/');
}

function alertLine(a: AlertDoc): string {
  const f = a.flow;
  const file = f && f.capture !== '-' ? `file=${escProp(annotationPath(f.capture))},` : '';
  const title = `flowcheck/${a.check}: ${a.severity} ${a.score}`;
  const msg = f ? `${a.message} [flow ${flowSentence(f, a.time_iso ?? a.time)}]` : a.message;
  return `::${githubCommand(a.severity)} ${file}title=${escProp(title)}::${escData(msg)}\n`;
}

/** One error annotation per failing check: its first error, at the check's file and line. */
function checkErrorLines(errors: CheckErrorDoc[], files: Map<string, string>): string[] {
  const byCheck = new Map<string, { first: CheckErrorDoc; n: number }>();
  for (const e of errors) {
    const x = byCheck.get(e.check);
    if (x) x.n++;
    else byCheck.set(e.check, { first: e, n: 1 });
  }
  return [...byCheck.values()].map(({ first: e, n }) => {
    const file = files.get(e.check) ?? e.check;
    const line = e.line !== null ? `,line=${e.line}` : '';
    const title = `flowcheck: check error in ${e.check}`;
    const onFlow = e.message.includes(`flow ${e.flow_id} (`) ? '' : ` [flow ${e.flow_id}: ${e.flow}]`;
    const more = n > 1 ? ` (${n} errors of this check recorded)` : '';
    return `::error file=${escProp(annotationPath(file))}${line},title=${escProp(title)}::${escData(e.message + onFlow + more)}\n`;
  });
}

export function githubAnnotations(alerts: AlertDoc[], opts: GithubOptions = {}): string {
  const errLines = checkErrorLines(opts.checkErrors ?? [], opts.checkFiles ?? new Map());
  const sorted = [...alerts].sort(byScore);
  const of: Record<Command, AlertDoc[]> = { error: [], warning: [], notice: [] };
  for (const a of sorted) of[githubCommand(a.severity)].push(a);
  const errorSlots = Math.max(0, GITHUB_PER_KIND - errLines.length);
  const cut = errLines.length > GITHUB_PER_KIND || of.error.length > errorSlots || of.warning.length > GITHUB_PER_KIND || of.notice.length > GITHUB_PER_KIND;
  // the notice about the rest is a notice too: room for it among the 10 shown
  const slots: Record<Command, number> = { error: errorSlots, warning: GITHUB_PER_KIND, notice: cut ? GITHUB_PER_KIND - 1 : GITHUB_PER_KIND };
  const kept = new Set<AlertDoc>();
  for (const k of ['error', 'warning', 'notice'] as const) for (const a of of[k].slice(0, slots[k])) kept.add(a);
  let out = errLines.slice(0, GITHUB_PER_KIND).join('');
  for (const a of sorted) if (kept.has(a)) out += alertLine(a);
  if (cut) {
    const left = (k: Command) => Math.max(0, of[k].length - slots[k]);
    const errLeft = Math.max(0, errLines.length - GITHUB_PER_KIND);
    const n = left('error') + left('warning') + left('notice');
    const parts = [
      errLeft > 0 ? plural(errLeft, 'failing check') : '',
      left('error') > 0 ? plural(left('error'), 'error') : '',
      left('warning') > 0 ? plural(left('warning'), 'warning') : '',
      left('notice') > 0 ? plural(left('notice'), 'notice') : '',
    ].filter(Boolean);
    const where = opts.fullReport ? `; all ${alerts.length} alerts: ${opts.fullReport}` : '';
    const msg = `${n + errLeft} more not shown as annotations (${parts.join(', ')}; GitHub shows ${GITHUB_PER_KIND} of each kind per step)${where}`;
    out += `::notice title=${escProp('flowcheck: more alerts')}::${escData(msg)}\n`;
  }
  return out;
}

// ------------------------------------------------------------------ job summary

/** A Markdown table cell: one line, no table or markup breakout, no HTML. */
function cell(v: unknown): string {
  return terminalSafe(String(v).replace(/\s+/g, ' '))
    .replace(/\s+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~!])/g, '\\$1')
    .trim();
}

function table(head: string[], align: ('l' | 'r')[], rows: unknown[][]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [head, sep].map((r) => `| ${r.join(' | ')} |`).concat(rows.map((r) => `| ${r.map(cell).join(' | ')} |`)).join('\n') + '\n';
}


/** Rows in the summary's tables. */
const SUMMARY_TOP = 10;

/**
 * The job summary (`$GITHUB_STEP_SUMMARY`): the verdict, alerts per severity, the top alerts,
 * check errors, the top protocols. Markdown; every traffic-borne text escaped.
 */
export function githubSummary(doc: ReportDoc, verdictLine: string): string {
  const s = doc.summary;
  const errors = checkErrorTally(doc);
  let md = '## flowcheck\n\n';
  md += `**${cell(verdictLine.replace(/^flowcheck: /, ''))}**\n\n`;
  const caps = doc.captures.map((c) => `\`${terminalSafe(c.file).replace(/`/g, "'")}\``).join(', ');
  md += `${plural(s.packets, 'packet')}, ${plural(s.bytes, 'byte')}, ${plural(s.flows, 'flow')} in ${plural(doc.captures.length, 'capture')}`;
  md += `${caps ? ` (${caps})` : ''}; ${plural(doc.alerts.length, 'alert')} on ${plural(s.alerted_flows, 'flow')}`;
  md += errors.count > 0 ? `; ${cell(checkErrorsText({ ...errors, first: undefined }))}.\n\n` : '.\n\n';

  const bySev = new Map<string, number>();
  for (const a of doc.alerts) bySev.set(a.severity, (bySev.get(a.severity) ?? 0) + 1);
  if (bySev.size > 0) {
    const sevs = [...SEVERITIES].reverse().filter((x) => bySev.has(x));
    md += table(['severity', 'alerts'], ['l', 'r'], sevs.map((x) => [x, bySev.get(x)])) + '\n';
    const top = [...doc.alerts].sort(byScore).slice(0, SUMMARY_TOP);
    md += `### Top alerts${doc.alerts.length > top.length ? ` (${top.length} of ${doc.alerts.length})` : ''}\n\n`;
    md += table(
      ['severity', 'score', 'check', 'message', 'flow', 'application', 'capture'],
      ['l', 'r', 'l', 'l', 'l', 'l', 'l'],
      top.map((a) => [a.severity, a.score, a.check, a.message, a.flow ? `${pairText(a.flow)} ${a.flow.l4}` : `flow ${a.flow_id}`, a.flow?.l7_proto_name ?? '', a.flow?.capture ?? '']),
    );
    md += '\n';
  }
  if (doc.check_errors.length > 0) {
    const shown = doc.check_errors.slice(0, SUMMARY_TOP);
    md += `### Check errors${errors.count > shown.length ? ` (${shown.length} of ${errors.count})` : ''}\n\n`;
    md += table(['check', 'line', 'kind', 'flow', 'message'], ['l', 'r', 'l', 'l', 'l'], shown.map((e) => [e.check, e.line ?? '', e.kind, e.flow, e.message]));
    md += '\n';
  }
  const protos: Tally[] = (s.protocols ?? []).slice(0, SUMMARY_TOP);
  if (protos.length > 0) {
    md += '### Top protocols\n\n';
    md += table(['protocol', 'flows', 'packets', 'bytes'], ['l', 'r', 'r', 'r'], protos.map((t) => [t.name, t.flows, t.packets, t.bytes]));
    md += '\n';
  }
  return md;
}

/**
 * --format github: workflow commands for the finished report; after the verdict, with a
 * job summary file (GITHUB_STEP_SUMMARY), the Markdown summary appended to it. A summary
 * that cannot be written is a warning, not a failed run (annotations and gate are given).
 */
export const githubFormat: ReportFormat = {
  kind: 'document',
  defaultFlows: 'none',
  end(out, e) {
    const { doc } = e;
    out.write(githubAnnotations(doc.alerts, { checkErrors: doc.check_errors, checkFiles: checkFiles(doc.options), fullReport: e.fullReport }));
  },
  after(e, verdictLine, o) {
    if (!o.stepSummary) return [];
    try {
      appendFileSync(o.stepSummary, githubSummary(e.doc, verdictLine));
      return [];
    } catch (err) {
      return [`GITHUB_STEP_SUMMARY ${o.stepSummary}: cannot append the job summary (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`];
    }
  },
};
