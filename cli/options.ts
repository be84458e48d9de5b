/**
 * What the commands share: the exit codes, the report and gate options (their yargs
 * definitions and their reading), the config file's place among the sources of options,
 * and the checks of option values (a bad one is a UsageError: exit 2, one line).
 */
import type { Argv } from 'yargs';
import { GateError, parseGate, type Gate } from '../lib/report/gate.js';
import { FORMAT_NAMES, FORMATS, type FormatName } from '../lib/report/formats.js';
import { SORT_KEYS, type SortKey } from '../lib/report/table.js';
import { FLOWS_MODES, type FlowsMode, type RenderOptions } from '../lib/report/writer.js';
import { terminalSafe } from '../lib/report/text-safe.js';

/** Exit codes: 0 done, 1 an alert reached --fail-on, 2 usage, input, script or output error, or check errors under a gate. */
export const EXIT_GATE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CODES =
  'Exit codes: 0 done (no alert reached --fail-on), 1 an alert reached --fail-on, 2 usage, input or script error, ' +
  'or a check error under --fail-on (unless --allow-check-errors) or --strict-checks (the report is still written), ' +
  'or the report could not be written; 128+N stopped by signal N.';

/** A bad option value or argument: exit 2 with its message. */
export class UsageError extends Error {}

/** yargs drops a lone '-' (stdin) from positionals: the entry carries it through under this name. */
export const STDIN_ARG = '\u0000stdin';

export function toList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (x === STDIN_ARG ? '-' : String(x)));
}

/** The config file read (if any) and its options. */
export interface Config {
  file?: string;
  options: Record<string, unknown>;
}

/** Defaults, applied after the config file (command line > config file > these). */
const DEFAULTS: Record<string, unknown> = {
  format: 'table',
  'lua-budget': 10_000_000,
  'lua-memory': 64,
  'lua-time': 100,
  'unsafe-lua': false,
  'ntopng-compat': false,
  'strict-checks': false,
  'max-packets': 32,
  'tcp-timeout': 3600,
  'udp-timeout': 300,
  'other-timeout': 300,
  top: 10,
  sort: 'score',
  quiet: false,
  wide: false,
};

/**
 * Command line over config file over defaults. A config file read is said on stderr (not
 * with --quiet): options nobody typed must not shape a run unannounced.
 */
export function settle(argv: Record<string, unknown>, config: Config): Record<string, unknown> {
  const o: Record<string, unknown> = { ...argv };
  for (const [k, v] of Object.entries(config.options)) if (o[k] === undefined) o[k] = v;
  for (const [k, v] of Object.entries(DEFAULTS)) if (o[k] === undefined) o[k] = v;
  if (config.file !== undefined && !o.quiet) process.stderr.write(`flowcheck: options from ${terminalSafe(config.file)}\n`);
  return o;
}

export function oneOf<T extends string>(name: string, v: unknown, choices: readonly T[]): T {
  const s = String(v);
  if (!(choices as readonly string[]).includes(s)) throw new UsageError(`--${name} ${s}: expected one of ${choices.join(', ')}`);
  return s as T;
}

export function positiveInt(name: string, v: unknown): number {
  return numberAtLeast(name, v, 0, true, 'a whole number');
}

/**
 * A numeric option at least `min` (a whole number when `whole`); yargs has already made a
 * non-number NaN, so the message says what was expected rather than echoing it.
 */
export function numberAtLeast(name: string, v: unknown, min: number, whole: boolean, what: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) {
    throw new UsageError(`--${name}${Number.isNaN(n) ? '' : ' ' + String(v)}: expected ${what}`);
  }
  return n;
}

/** The report and gate settings shared by analyze and merge. */
export interface OutputSettings {
  format: FormatName;
  flows: FlowsMode;
  gate?: Gate;
  /** --allow-check-errors: gate on the alerts alone. */
  allowCheckErrors: boolean;
  /** --strict-checks: any check error is exit 2, gate or not. */
  strict: boolean;
  quiet: boolean;
  output?: string;
  /** What the format is told of the options. */
  render: RenderOptions;
}

export function outputSettings(o: Record<string, unknown>): OutputSettings {
  const format = oneOf('format', o.format, FORMAT_NAMES);
  const flowsGiven = o.flows !== undefined;
  const flows = flowsGiven ? oneOf('flows', o.flows, FLOWS_MODES) : FORMATS[format].defaultFlows;
  let gate: Gate | undefined;
  if (o['fail-on'] !== undefined) {
    try {
      gate = parseGate(o['fail-on'] as string);
    } catch (e) {
      throw new UsageError((e as GateError).message);
    }
  }
  // "-" is stdout (the argument list turned every "-" into the stdin marker)
  const output = o.output === undefined || o.output === '-' || o.output === STDIN_ARG ? undefined : String(o.output);
  const width = o.width !== undefined ? positiveInt('width', o.width) : terminalWidth();
  const allowCheckErrors = !!o['allow-check-errors'];
  const strict = !!o['strict-checks'];
  if (allowCheckErrors && strict) throw new UsageError('--strict-checks and --allow-check-errors contradict each other: give one');
  return {
    format,
    flows,
    gate,
    allowCheckErrors,
    strict,
    quiet: !!o.quiet,
    output,
    render: {
      flowsGiven,
      top: positiveInt('top', o.top),
      sort: oneOf('sort', o.sort, SORT_KEYS) as SortKey,
      wide: !!o.wide,
      width,
      color: output === undefined && useColor(process.stdout),
      stepSummary: process.env.GITHUB_STEP_SUMMARY || undefined,
    },
  };
}

/** Colour: FORCE_COLOR (not 0/false) forces it, NO_COLOR turns it off, else only on a TTY. */
export function useColor(stream: { isTTY?: boolean }): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (process.env.NO_COLOR) return false;
  if (force !== undefined) return false;
  return !!stream.isTTY;
}

function terminalWidth(): number | undefined {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return env;
  // piped (less, a file, CI logs): 80 columns, as most pagers and log viewers show; --wide for all
  return process.stdout.isTTY ? process.stdout.columns : 80;
}

/** Report and gate options, shared by analyze and merge. */
export function reportOptions<T>(y: Argv<T>) {
  return y
    .option('format', { alias: 'f', type: 'string', choices: FORMAT_NAMES, describe: 'output format [default: table]' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE (atomically: temporary file, then rename; a device or FIFO directly)' })
    .option('flows', { type: 'string', choices: [...FLOWS_MODES], describe: 'flows in json/ndjson (default all) or csv rows (default: alerts)' })
    .option('fail-on', { type: 'string', describe: 'exit 1 when an alert reaches SEVERITY (info…emergency) or SCORE (0-255); exit 2 on a check error' })
    .option('allow-check-errors', { type: 'boolean', describe: 'gate on the alerts alone: a check error under --fail-on is reported, not exit 2' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: "print only the gate's verdict line (the report still goes to --output)" })
    .option('top', { type: 'number', describe: 'rows in the alerts and top-flows tables [default: 10]' })
    .option('sort', { type: 'string', choices: SORT_KEYS, describe: 'order of the tables: score (then time), bytes, packets, time [default: score]' })
    .option('wide', { type: 'boolean', describe: 'table cells shown whole, whatever the terminal width' })
    .option('width', { type: 'number', describe: 'table width in columns [default: the terminal, or $COLUMNS]' })
    .option('config', { type: 'string', describe: 'options from a JSON file [default: ./flowcheck.config.json if present]' })
    .option('no-config', { type: 'boolean', describe: 'ignore ./flowcheck.config.json' });
}

/**
 * A command's examples as its help's epilogue: each example whole on its line (the
 * description indented below it), so no width breaks one in two; then the exit codes.
 */
export function examplesEpilogue(examples: [string, string][]): string {
  const lines = examples.map(([cmd, what]) => `  ${cmd.replace(/\$0/g, 'flowcheck')}\n      ${what}`);
  return `Examples:\n${lines.join('\n')}\n\n${EXIT_CODES}`;
}
