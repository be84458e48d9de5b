/**
 * A command's report, from opening its target to the exit code: the format's writer
 * (lib/report/formats.ts), the gate's verdict, the warnings on stderr, and what happens
 * when the target fails (exit 2, one line), stdout closes (the gate's code all the same) or
 * a signal stops the run (no temporary file left, an old report kept, exit 128+signal).
 */
import { constants } from 'node:os';
import { checkErrorTally, verdict } from '../lib/report/gate.js';
import type { ReportDoc } from '../lib/report/doc.js';
import { FORMATS } from '../lib/report/formats.js';
import { ReportOutput, STDOUT_NAME, StdoutTarget } from '../lib/report/output.js';
import { terminalSafe } from '../lib/report/text-safe.js';
import type { ReportEnd, ReportFormat } from '../lib/report/writer.js';
import { EXIT_GATE, EXIT_USAGE, type OutputSettings } from './options.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** One report of one command run: where it goes and the format writing it. */
export class ReportRun {
  readonly format: ReportFormat;
  /** Null with --quiet and no --output: nothing is written but the verdict. */
  readonly out: ReportOutput | null;
  private readonly stdout: StdoutTarget;
  private readonly onSignal: (sig: NodeJS.Signals) => void;

  /** `format`: a view's writer in place of st.format's (lib/report/views.ts). */
  constructor(readonly st: OutputSettings, private readonly clearProgress: () => void = () => {}, format?: ReportFormat) {
    this.format = format ?? FORMATS[st.format];
    this.stdout = new StdoutTarget();
    this.onSignal = (sig) => {
      this.out?.abort();
      this.clearProgress();
      say(`flowcheck: stopped by ${sig}${this.out?.path ? `: ${this.out.path} not written` : ''}`);
      process.exit(128 + (constants.signals[sig] ?? 0));
    };
    for (const s of SIGNALS) process.on(s, this.onSignal);
    try {
      this.out = st.quiet && !st.output ? null : new ReportOutput(st.output, this.stdout);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** The run failed: the partial report goes. */
  abort(): void {
    this.out?.abort();
    this.close();
  }

  private close(): void {
    for (const s of SIGNALS) process.off(s, this.onSignal);
  }

  /**
   * Writes the report's end, commits it, prints the verdict and gives the exit code.
   * `whereFailures`: the flows a --where expression failed on (a gate fails closed on them).
   */
  async finish(end: ReportEnd, whereFailures?: { flows: number; first: string }): Promise<number> {
    const { st, out, format } = this;
    const doc = end.doc;
    if (out) format.end(out, end, st.render);
    const v = judge(st, doc, whereFailures);
    // the verdict quotes a check's error message: shown escaped, as every text from a check
    v.line = terminalSafe(v.line);
    const tell = !!st.gate || v.error;
    // The table on the terminal shows the warnings; any other report is read by a program:
    // the person running it still hears of them. --quiet prints the verdict and errors only
    // (the warnings stay in the report).
    if (!st.quiet && (!format.forTerminal || st.output)) {
      this.clearProgress();
      for (const w of doc.warnings) say(`flowcheck: warning: ${w}`);
    }
    if (st.quiet) {
      await out?.commit();
      this.stdout.write(v.line + '\n');
      await this.stdout.drain();
    } else {
      if (format.forTerminal && !st.output && tell) out?.write(v.line + '\n');
      await out?.commit();
      if (tell && (!format.forTerminal || st.output)) say(v.line);
    }
    this.close();
    for (const w of format.after?.(end, v.line, st.render) ?? []) say(`flowcheck: warning: ${w}`);
    // a reader that went away (`| head -1`) or none at all (`>&-`): the report is cut short,
    // the gate's verdict is not
    if (this.stdout.closed) say(`flowcheck: ${STDOUT_NAME} closed (${this.stdout.error?.code}): ${st.quiet ? 'the verdict line was not written' : 'the report was not written in full'}`);
    // the report is written first: CI uploads it whatever the verdict
    if (v.error) return EXIT_USAGE;
    return v.failed ? EXIT_GATE : 0;
  }
}

/** The verdict of a report under the run's gate settings. */
function judge(st: OutputSettings, doc: ReportDoc, whereFailures?: { flows: number; first: string }) {
  return verdict(st.gate, doc.alerts, checkErrorTally(doc), { allowCheckErrors: st.allowCheckErrors, strict: st.strict, whereFailures });
}

/**
 * A line on stderr, when stderr is there to take it. Its text may quote a capture or a check
 * (file names, host names, messages): control characters are shown escaped (`\x1b`).
 */
export function say(line: string): void {
  try {
    process.stderr.write(terminalSafe(line) + '\n');
  } catch {
    // stderr closed: the exit code says it
  }
}
